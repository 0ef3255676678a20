from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import missing_secrets
from bot.cli import main
from config.settings import ConfigError, load_communities, load_settings

GOOD = """
communities:
  - id: cafe
    name: Cafe
    managers_chat_id: -100
    telegram_chats: [{id: -1001, kind: group}]
    vk: {group_id: 5}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "communities.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_is_valid():
    [community] = load_communities(Path(__file__).parents[1] / "communities.example.yaml")
    assert community.id == "zerno" and community.autoreplies.rules


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (GOOD.replace("managers_chat_id: -100", "managers_chat_id: soon"), "managers_chat_id"),
        (GOOD.replace("name: Cafe", "name: Cafe\n    timezone: Mars/Olympus"), "timezone"),
        (GOOD.replace("id: cafe", "id: Cafe!"), "communities[0].id"),
        (GOOD + "    colour: blue\n", "colour"),
        ("communities: [", "not valid YAML"),
        ("{}", "'communities' list"),
        (GOOD + "    autoreplies: {greeting: '" + "Здравствуйте! " * 300 + "'}\n", "greeting"),
    ],
)
def test_bad_config_names_the_file_and_field(tmp_path, yaml_text, expected):
    path = write(tmp_path, yaml_text)
    with pytest.raises(ConfigError) as error:
        load_communities(path)
    assert str(path) in str(error.value) and expected in str(error.value)


def test_a_chat_cannot_belong_to_two_communities(tmp_path):
    second = GOOD.split("communities:\n")[1].replace("id: cafe", "id: bar")
    with pytest.raises(ConfigError, match="already belongs to 'cafe'"):
        load_communities(write(tmp_path, GOOD + second))


def test_vk_token_from_the_environment_and_missing_secrets(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    monkeypatch.delenv("OTKLIK_TELEGRAM_TOKEN", raising=False)
    settings = load_settings(env_file=None, communities_file=path)
    assert missing_secrets(settings) == [
        "OTKLIK_TELEGRAM_TOKEN",
        "OTKLIK_VK_TOKEN_CAFE (or communities[cafe].vk.token)",
    ]
    monkeypatch.setenv("OTKLIK_VK_TOKEN_CAFE", "vk-secret")
    monkeypatch.setenv("OTKLIK_TELEGRAM_TOKEN", "1:tg-secret")
    settings = load_settings(env_file=None, communities_file=path)
    assert missing_secrets(settings) == []
    assert "vk-secret" not in repr(settings) and "tg-secret" not in repr(settings)


def test_run_refuses_bad_config_and_missing_tokens(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OTKLIK_TELEGRAM_TOKEN", raising=False)
    write(tmp_path, GOOD.replace("-100", "x"))
    assert main(["run"]) == 2
    assert "managers_chat_id" in capsys.readouterr().err
    write(tmp_path, GOOD)
    assert main(["run"]) == 2
    assert "OTKLIK_TELEGRAM_TOKEN" in capsys.readouterr().err
