"""What a 320 px phone shows of a page: every table cell, link and button inside the screen,
not only a page that does not scroll sideways (a table in its own scrolling box can hide its
last columns, and with them the button a citizen came for)."""
from __future__ import annotations

NARROW = 320

OUTSIDE = """(selector) => {
  const width = document.documentElement.clientWidth;
  const outside = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) { continue; }            // not drawn at all
    const box = element.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) { continue; }          // visually hidden
    if (box.left < -0.5 || box.right > width + 0.5) {
      outside.push(`${element.tagName.toLowerCase()} "${(element.innerText || "").trim()
        .slice(0, 40)}" at ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
  }
  return outside;
}"""


def assert_every_cell_and_button_fits(page, within: str = "main") -> None:
    """At 320 px, every td, th, a and button in `within` lies inside the viewport."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": viewport["height"]})
    try:
        outside = page.evaluate(OUTSIDE, ", ".join(f"{within} {tag}" for tag in
                                                   ("td", "th", "a", "button")))
    finally:
        page.set_viewport_size(viewport)
    assert outside == [], f"{page.url} at {NARROW} px: off-screen: {outside[:8]}"
