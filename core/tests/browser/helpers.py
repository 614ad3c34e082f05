"""What the browser tests share: axe-core checks and keyboard-only moves."""

from pathlib import Path

AXE_PATH = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA (SGQRI 008 asks for AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_TABS = 120

# Runs in the page, where the vendored axe-core was added by the context's init script
# (an init script is not an inline <script>, so the site's strict CSP stays on).
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map(
      (n) => n.target.join(" ") + " — " + n.failureSummary.split("\\n").join(" ")
    ),
  }));
}"""

FOCUS_STATE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // Inside a native control (the calendar button of a date field), the browser draws
  // its own focus ring and the field itself no longer matches :focus.
  const native = !element.matches(":focus");
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const box = element.getBoundingClientRect();
  const label = (element.getAttribute("aria-label") || element.innerText || element.value
    || element.name || element.id || "").trim().slice(0, 60);
  return {
    tag: element.tagName.toLowerCase(),
    label: label,
    visibleFocus: native || outline || shadow,
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
  };
}"""


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 AA violations that axe-core finds on the page as it is now."""
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def focused_is(page, locator) -> bool:
    return locator.evaluate("(element) => document.activeElement === element")


def tab_to(page, locator, *, backwards: bool = False, limit: int = MAX_TABS) -> None:
    """Presses Tab (or Shift+Tab) until the element has the focus, as a keyboard user would.

    Each element met on the way must show where the focus is (WCAG 2.4.7) and be on
    screen; the element must be reached before `limit` presses.
    """
    locator.wait_for(state="attached")
    key = "Shift+Tab" if backwards else "Tab"
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        passed.append(f"{state['tag']} « {state['label']} »")
        assert state["visibleFocus"], f"Focus invisible sur {passed[-1]} ({page.url})"
        assert state["onScreen"], f"Focus hors de l'écran sur {passed[-1]} ({page.url})"
        if focused_is(page, locator):
            return
    raise AssertionError(
        f"Impossible d'atteindre {locator} au clavier en {limit} touches ({page.url}); "
        f"parcouru : {', '.join(passed[-15:])}"
    )


def type_into(page, locator, text: str) -> None:
    """Tabs to a field, empties it and types, with the keyboard only."""
    tab_to(page, locator)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def choose(page, select, label: str) -> None:
    """Tabs to a drop-down list and picks an option by typing its first letters."""
    tab_to(page, select)
    page.keyboard.type(label)
    chosen = select.evaluate("(element) => element.options[element.selectedIndex].text.trim()")
    assert chosen == label, f"« {chosen} » choisi au lieu de « {label} »"
