"""axe-core, from npm (copied to static/vendor by `make setup`), run inside a test page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.browser.app_page import settled

AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RECHECK_AFTER_MS = 2000

_RUN = """async (impacts) => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations
        .filter((rule) => impacts.includes(rule.impact))
        .map((rule) => ({
            id: rule.id, impact: rule.impact, help: rule.help,
            nodes: rule.nodes.map((node) => node.target.join(" ")),
        }));
}"""


def blocking_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on `page`, its frames included (the map
    and other components), as {id, impact, help, nodes}."""
    if not AXE_JS.is_file():
        raise AssertionError(f"{AXE_JS} is missing: run `make setup`")
    for frame in page.frames:
        frame.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(_RUN, list(BLOCKING))
    if violations:  # a rerun may have been redrawing the page: what stays is real
        page.wait_for_timeout(RECHECK_AFTER_MS)
        violations = settled(page).evaluate(_RUN, list(BLOCKING))
    return violations


def by_rule(violations: list[dict]) -> str:
    """One line per violated rule: id, impact, help and the first few elements."""
    return "\n".join(
        f"- {rule['id']} ({rule['impact']}): {rule['help']}; {len(rule['nodes'])} element(s): "
        + ", ".join(rule["nodes"][:4])
        for rule in violations
    )
