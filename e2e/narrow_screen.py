"""The page as a 320 px phone shows it. A page that does not scroll sideways can still hide what
matters inside a box that does (a table cut off in its scrolling region: an amount, a receipt
link), so the check is of every table cell, link, button and form field the citizen can see:
each must lie inside the screen. Radios and checkboxes must also keep their size (a long label
beside one squeezed it to 13 px).

    assert_fits_narrow_screen(page)               # what Journey.check() does on every step
    assert_fits_narrow_screen(page, every_element=False)   # only: no sideways scrolling"""
from __future__ import annotations

from playwright.sync_api import Page

NARROWEST_SCREEN = 320  # px
SMALLEST_CHOICE = 20  # px: a radio or checkbox drawn smaller than this has been squeezed
CHECKED = "td, th, caption, a[href], button, input:not([type=hidden]), select, textarea"

# Each element that shows (rendered, not the 1 px "visually hidden" pattern) but reaches past
# either edge of the screen. An off-canvas menu (a whole fixed or absolute box moved off the
# screen until opened, like the skip link or a guide's drawer) is not cut off: it is hidden.
OUTSIDE_SCREEN = """([selector, smallest]) => {
  const width = document.documentElement.clientWidth;
  const offCanvas = (element, box) => {
    if (box.right > 0 && box.left < width) return false;
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === "fixed" || position === "absolute") return true;
    }
    return false;
  };
  const name = (element) => {
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "")
      .replace(/\\s+/g, " ").trim().slice(0, 40);
    return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}> "${text}"`;
  };
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if ((box.left < -0.5 || box.right > width + 0.5) && !offCanvas(element, box)) {
      found.push(`${name(element)} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
    if (element.matches("input[type=radio], input[type=checkbox]")
        && (box.width < smallest || box.height < smallest)) {
      found.push(`${name(element)} is squeezed to ${Math.round(box.width)}×${Math.round(box.height)} px`);
    }
  }
  return found;
}"""


def at_narrowest_screen(page: Page, measure):
    """Run `measure(page)` with the page laid out for a 320 px screen, then restore the size."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": NARROWEST_SCREEN, "height": viewport["height"]})
    try:
        return measure(page)
    finally:
        page.set_viewport_size(viewport)


def sideways_scroll(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"))


def outside_screen(page: Page) -> list[str]:
    """What a 320 px screen cuts off, as laid out now (call it inside at_narrowest_screen)."""
    return page.evaluate(OUTSIDE_SCREEN, [CHECKED, SMALLEST_CHOICE])


def assert_fits_narrow_screen(page: Page, every_element: bool = True) -> None:
    """Nothing wider than a 320 px screen: no sideways scrolling and, with `every_element`,
    every cell, link, button and field on screen (see the module's docstring)."""
    def measure(laid_out: Page):
        return sideways_scroll(laid_out), outside_screen(laid_out) if every_element else []

    (scroll, client), cut_off = at_narrowest_screen(page, measure)
    assert scroll <= client, \
        f"{page.url} is {scroll} px wide on a {client} px screen: it scrolls sideways"
    assert not cut_off, f"{page.url} on a {NARROWEST_SCREEN} px screen cuts off: {cut_off}"
