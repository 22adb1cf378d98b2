"""Which modules the installed `iopctl` console script loads: start-up stays cheap.

Start-up is felt on every commit hook. `--help` and `--version` load typer and the command
modules' signatures only: not pydantic's schema machinery, not YAML, not rich. `validate` of
one file loads the models and the reader, but none of the rendering, calendar or document
libraries. The real console script runs in a subprocess with `-X importtime`, which lists
every module imported. No timing here: `make bench` measures time against its floors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from iopctl.cli.app import COMMANDS, _invoked, build_app

ROOT = Path(__file__).resolve().parent.parent
KALMAR = ROOT / "agreements" / "kalmar-kvinnojouren-2025.yaml"
SCRIPT = Path(sys.executable).with_name("iopctl")

HEAVY = frozenset({"jinja2", "weasyprint", "pypandoc", "babel", "holidays", "icalendar", "markdown_it"})
"""Needed only to render, to build calendars or to count working days."""
NOT_FOR_HELP = HEAVY | {"rich", "pydantic", "yaml", "stdnum", "dateutil"}
"""`--help` and `--version` need none of these (typer 0.29 imports pydantic to run a command)."""
NOT_FOR_VALIDATE = HEAVY | {"rich", "stdnum"}
"""`validate` prints plain lines (rich is for the tables of other commands) and checks org
numbers with its own Luhn (stdnum's imports cost ~7 ms)."""

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="no iopctl console script installed")


def modules_of(*args: str) -> set[str]:
    """Every module (full dotted name) the console script imports for `iopctl ARGS` (exit 0)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "iopctl.cli.app" in names, "importtime listed no modules"
    return names


def loaded(*args: str) -> set[str]:
    """Top-level packages the console script imports for `iopctl ARGS`."""
    return {name.split(".")[0] for name in modules_of(*args)}


def python_says(code: str) -> str:
    """What a fresh interpreter prints for `code`, or the end of its stderr if nothing."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return proc.stdout.strip() or proc.stderr[-2000:]


@pytest.mark.parametrize("args", [("--help",), ("--version",)], ids=["help", "version"])
def test_help_and_version_load_only_typer(args: tuple[str, ...]) -> None:
    assert loaded(*args) & NOT_FOR_HELP == set()


def test_validate_of_one_file_loads_no_rendering_or_calendar_library() -> None:
    modules = loaded("validate", str(KALMAR))
    assert {"pydantic", "yaml", "iopctl"} <= modules  # the check really ran
    assert modules & NOT_FOR_VALIDATE == set()


def test_the_series_models_load_only_where_there_are_series(tmp_path: Path) -> None:
    """A folder without `_series/` never builds the series models (some 5 ms of a start)."""
    lone = tmp_path / "enheter-delar-kostnaden.yaml"
    lone.write_bytes((ROOT / "tests" / "shapes" / lone.name).read_bytes())
    without = modules_of("validate", str(lone))
    assert "iopctl.model.series_store" in without and "iopctl.model.series" not in without
    assert "iopctl.model.series" in modules_of("validate", str(KALMAR))  # agreements/ has _series/


def test_validate_does_not_load_the_plugin_machinery() -> None:
    """pydantic's plugin loader imports importlib.metadata (and email, zipfile, csv) only to
    look for plugins, which are off: iopctl's stand-in spares it (`cli.startup._skip_plugin_discovery`)."""
    modules = modules_of("validate", str(KALMAR))
    assert "pydantic.main" in modules  # the model was really built
    assert not {"importlib.metadata", "email", "zipfile", "csv"} & modules


def test_a_command_run_imports_only_its_own_command_module() -> None:
    # (importtime does not list modules loaded by importlib.import_module: ask sys.modules)
    code = (
        "import sys\nfrom iopctl.cli.app import main\n"
        f"sys.argv = ['iopctl', 'validate', {str(KALMAR)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('iopctl.cli.')"
        " and m not in ('iopctl.cli.app', 'iopctl.cli.startup')))"
    )
    assert python_says(code).splitlines()[-1] == "['iopctl.cli.options', 'iopctl.cli.validate']"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_one_command_app_behaves_as_the_whole_one(name: str) -> None:
    """`main` builds the app with the invoked command only; help and usage errors are the same."""
    from typer.testing import CliRunner

    runner = CliRunner()
    for args in ([name, "--help"], [name, "--no-such-option"]):
        alone = runner.invoke(build_app([name]), args)
        whole = runner.invoke(build_app(), args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
        assert alone.exit_code == (0 if args[1] == "--help" else 2) and alone.output


def test_main_builds_every_command_unless_one_is_named_first() -> None:
    assert tuple(_invoked(["validate", "x.yaml"])) == ("validate",)
    for args in ([], ["--help"], ["--version", "validate"], ["valdate"], ["x.yaml"]):
        assert tuple(_invoked(args)) == tuple(COMMANDS)


STAND_IN_CHECK = """
import os, sys
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
from iopctl.cli.startup import _skip_plugin_discovery
_skip_plugin_discovery()
from pydantic import BaseModel
class M(BaseModel):
    x: int
assert M.model_validate({"x": 1}).x == 1
stand_in = sys.modules["pydantic.plugin._loader"]
assert stand_in.get_plugins() == ()
assert "importlib.metadata" not in sys.modules
# Any other name comes from the real module, which then replaces the stand-in.
assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"
real = sys.modules["pydantic.plugin._loader"]
assert real is not stand_in and tuple(real.get_plugins()) == ()
print("ok")
"""


def test_plugin_loader_stand_in_answers_as_pydantic_does() -> None:
    assert python_says(STAND_IN_CHECK) == "ok"


def test_validate_does_not_load_hashlib() -> None:
    """pydantic.types imports `secrets` (hashlib, hmac, OpenSSL) for secret fields only."""
    modules = modules_of("validate", str(KALMAR))
    assert "pydantic.types" in modules
    assert not {"secrets", "hashlib", "hmac", "_hashlib"} & modules


SECRETS_CHECK = """
import sys
from iopctl.cli.startup import _defer_secrets
_defer_secrets()
from pydantic import BaseModel, SecretStr
assert "hashlib" not in sys.modules
class M(BaseModel):
    password: SecretStr
# Comparing secrets uses secrets.compare_digest: the real module loads then, and stays.
assert M(password="a").password == M(password="a").password
assert M(password="a").password != M(password="b").password
import secrets
assert secrets.token_hex(4) and "hashlib" in sys.modules
print("ok")
"""


def test_secrets_stand_in_loads_the_real_module_when_used() -> None:
    assert python_says(SECRETS_CHECK) == "ok"


def test_plugins_stay_on_when_the_user_turns_them_on() -> None:
    code = (
        "import os, sys\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = 'some-plugin'\n"
        "from iopctl.cli.startup import _skip_plugin_discovery\n_skip_plugin_discovery()\n"
        "print('pydantic.plugin._loader' in sys.modules)"
    )
    assert python_says(code) == "False"


def test_no_model_has_a_builtin_default_factory() -> None:
    """pydantic inspects a default factory's signature; for `list` or `dict` that parses a
    text signature and compiles tokenize's patterns (~4 ms of a start): models use
    `iopctl.model.base.new_list`/`new_dict` instead."""
    import iopctl.model.policy
    import iopctl.model.records
    import iopctl.model.series
    from iopctl.model.base import Strict

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found.union(*(subclasses(c) for c in found))

    models = subclasses(Strict)
    assert {iopctl.model.policy.Policy, iopctl.model.records.Records} <= models
    assert iopctl.model.series is not None
    offenders = [
        f"{m.__name__}.{name}"
        for m in models
        for name, info in m.model_fields.items()
        if info.default_factory in (list, dict, set, tuple)
    ]
    assert offenders == []
