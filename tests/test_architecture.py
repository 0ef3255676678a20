"""Rules of the design that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.models import Base

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_LIBRARIES = {"aiogram", "vk_api"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_never_imports_a_platform_library():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & PLATFORM_LIBRARIES)
        for path in (ROOT / "handlers").rglob("*.py")
        if imported_roots(path) & PLATFORM_LIBRARIES
    }
    assert offenders == {}


def test_the_core_check_would_catch_an_import(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from aiogram import Bot\n")
    assert imported_roots(sneaky) & PLATFORM_LIBRARIES == {"aiogram"}


async def test_migrations_match_the_models(database):
    def diff(connection):
        context = MigrationContext.configure(connection)
        return compare_metadata(context, Base.metadata)

    async with database.engine.connect() as connection:
        changes = await connection.run_sync(diff)
    assert changes == []
