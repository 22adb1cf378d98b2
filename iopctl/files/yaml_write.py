"""Agreement data as a YAML file: block style, the model's key order, prose as literal blocks.

PyYAML's safe dumper quotes every string that would read back as something else (`NO`,
`0701234567`, `2021`), so the file means what the data says; multi-line text is written as a
`|` block, like the hand-written files. Comments of a source file are not carried (see the
README's Decisions: renew and new write fresh files).
"""

from __future__ import annotations

from typing import Any

MODELINE = "# yaml-language-server: $schema={schema}\n"


def dump(data: dict[str, Any], *, schema: str, header: str = "") -> str:
    """The YAML text of `data` with the schema modeline first and `header` comment lines after."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        if style and not value.endswith("\n"):
            value += "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return MODELINE.format(schema=schema) + lines + body
