"""otklik's platform-neutral core. It must never import aiogram or vk_api."""
