"""`otklik demo`: the whole product offline, against the local Telegram and VK emulators."""
