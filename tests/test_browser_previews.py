"""Previews of citations and cross-references in a real browser, and the colours of
link states: Debian's chromium driven by Playwright, on the real site.

Both languages, a desktop window (1280×800) and a phone's (390×844), the light
(`default`) and the dark (`slate`) scheme. Pass -s to see what the tests measure.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from browser_support import PageLog, axe_script, page_of, unavailable

LANGS = {"en": "", "uk": "uk/"}
WINDOWS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}
# Every page with citations or cross-references, in each language.
ARTICLE = ["introduction.html", "results/role-of-magnesium.html", "results/determination.html",
           "results/magnesium-and-bone.html", "results/osteoporosis.html",
           "results/fracture-risk.html", "results/regeneration.html"]
TRIGGERS = "a.scholar-cite, a.scholar-xref-link"
QUERIES = {"en": "magnesium", "uk": "магній"}
HIGHLIGHTS = {"en": "magnesium", "uk": "магнію"}  # as written on the page
BLOCKING = {"serious", "critical"}

OPEN_TIP = ".scholar-tip.scholar-tip--open"


def new_tab(chromium, window="desktop", scheme="light", touch=False) -> PageLog:
    options = {"viewport": WINDOWS[window], "color_scheme": SCHEMES[scheme][0]}
    if touch:
        options.update(has_touch=True, is_mobile=True, device_scale_factor=2)
    context = chromium.new_context(**options)
    context.set_default_timeout(15_000)
    return PageLog.attach(context.new_page())


@pytest.fixture
def tabs(chromium):
    """new_tab(...) for one test; every context it made is closed after it."""
    made: list[PageLog] = []

    def make(*args, **kwargs) -> PageLog:
        made.append(new_tab(chromium, *args, **kwargs))
        return made[-1]

    yield make
    for log in made:
        log.page.context.close()


def open_page(tab: PageLog, url: str, label: str, scheme: str = "light"):
    tab.goto(url, label)
    page = tab.page
    shown = page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == SCHEMES[scheme][1], f"{label}: the page shows the {shown!r} scheme"
    assert page.evaluate("document.documentElement.classList.contains('scholar-js')"), (
        f"{label}: the plugin's script did not run")
    return page


def tip_of(page, link):
    return page.locator(f'[id="{link.get_attribute("aria-describedby")}"]')


def wait_images(tip) -> None:
    tip.evaluate("""tip => Promise.all([...tip.querySelectorAll('img')].map(img =>
        img.complete ? null : new Promise(done => {
            img.addEventListener('load', done); img.addEventListener('error', done); })))""")


def box_in_window(page, tip) -> dict:
    """The open preview's box, once its images are in, and the window's size."""
    return tip.evaluate("""async tip => {
        await Promise.all([...tip.querySelectorAll('img')].map(img => img.complete ? null :
            new Promise(done => { img.onload = img.onerror = done; })));
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        const r = tip.getBoundingClientRect();
        const root = document.documentElement;
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
                height: r.height, vw: root.clientWidth, vh: root.clientHeight}; }""")


# ------------------------------------------------------------ 1. inside the window


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_preview_opens_inside_the_window(tabs, built_site, lang, window):
    tab = tabs(window)
    root = built_site.as_uri() + "/"
    outside, count = [], 0
    for path in [LANGS[lang] + p for p in [*ARTICLE, "whole-review.html"]]:
        page = open_page(tab, root + path, path)
        page.mouse.move(1, WINDOWS[window]["height"] - 1)  # off the last page's citation
        links = page.locator(TRIGGERS)
        assert links.count(), f"{path}: no citations"
        for index in range(links.count()):
            link = links.nth(index)
            # The last preview may cover this citation; after Escape, one in the same
            # citation opens only once the pointer has left it.
            page.keyboard.press("Escape")
            page.mouse.move(1, WINDOWS[window]["height"] - 1)
            link.hover()
            tip = tip_of(page, link)
            tip.wait_for(state="visible", timeout=3_000)
            box = box_in_window(page, tip)
            count += 1
            if not (box["left"] >= 0 and box["right"] <= box["vw"] and box["top"] >= 0
                    and box["bottom"] <= box["vh"] and box["width"] > 0):
                outside.append(f"{path} {link.inner_text()!r}: {box}")
    print(f"{lang} {window}: {count} previews, {len(outside)} outside the window")
    assert count >= 2 * 66
    assert not outside, "\n".join(outside)
    tab.assert_offline()
    assert not tab.errors, tab.errors


# ------------------------------------------------ 2. Escape, hover, keyboard focus


@pytest.mark.parametrize("lang", LANGS)
def test_escape_closes_a_preview_and_hovering_it_keeps_it_open(tabs, origin, lang):
    tab = tabs()
    path = LANGS[lang] + "results/osteoporosis.html"
    page = open_page(tab, origin + path, path)
    link = page.locator("a.scholar-cite").first
    tip = tip_of(page, link)
    page.mouse.move(1, 799)
    assert tip.is_hidden()

    # The pointer goes from the citation onto the preview, crossing the gap between.
    link.hover()
    tip.wait_for(state="visible", timeout=3_000)
    start, box = link.bounding_box(), tip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(800)
    assert tip.is_visible(), "the preview closed while the pointer was on it"
    assert start["y"] != box["y"]

    page.keyboard.press("Escape")
    tip.wait_for(state="hidden", timeout=1_000)
    page.wait_for_timeout(400)
    assert tip.is_hidden(), "the preview came back under the pointer after Escape"
    page.mouse.move(1, 799)
    link.hover()
    tip.wait_for(state="visible", timeout=3_000)
    page.mouse.move(1, 799)
    tip.wait_for(state="hidden", timeout=3_000)

    # Keyboard: focus shows it, Escape hides it and the focus stays on the citation.
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    tip.wait_for(state="visible", timeout=3_000)
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden", timeout=1_000)
    assert link.evaluate("element => element === document.activeElement")
    page.keyboard.press("Tab")
    following = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    if following:
        page.locator(f'[id="{following}"]').wait_for(state="visible", timeout=3_000)
    assert tab.errors == [], tab.errors


# ------------------------------------------------------------------------- 3. touch


@pytest.mark.parametrize("lang", LANGS)
def test_a_tap_opens_a_preview_whose_link_leads_to_the_entry(tabs, origin, lang):
    tab = tabs("phone", touch=True)
    path = LANGS[lang] + "results/osteoporosis.html"
    page = open_page(tab, origin + path, path)
    link = page.locator("a.scholar-cite").first
    tip = tip_of(page, link)
    href = link.get_attribute("href")
    before = page.url

    link.tap()
    tip.wait_for(state="visible", timeout=3_000)
    page.wait_for_timeout(300)
    assert page.url == before, "the first tap followed the link"
    box = box_in_window(page, tip)
    assert box["left"] >= 0 and box["right"] <= box["vw"], box
    assert box["top"] >= 0 and box["bottom"] <= box["vh"], box
    inner = tip.locator("a.scholar-tip-link")
    assert inner.count() == 1, "no link in the tapped preview"
    assert inner.get_attribute("href") == href

    # A tap elsewhere closes it; a tap on the citation opens it again.
    page.locator("article h1").tap()
    tip.wait_for(state="hidden", timeout=3_000)
    assert tip.locator("a").count() == 0, "the preview kept its link once closed"
    link.tap()
    tip.wait_for(state="visible", timeout=3_000)

    with page.expect_navigation(wait_until="load"):
        tip.locator("a.scholar-tip-link").tap()
    entry = unquote(urlsplit(href).fragment)
    assert urlsplit(page.url).fragment == entry or unquote(urlsplit(page.url).fragment) == entry
    assert page_of(page.url, origin) == LANGS[lang] + "references.html"
    assert page.locator(f'[id="{entry}"]').evaluate("li => li.matches(':target')")

    # A second tap on the citation itself leads on too.
    page.go_back(wait_until="load")
    link = page.locator("a.scholar-cite").first
    link.tap()
    tip_of(page, link).wait_for(state="visible", timeout=3_000)
    with page.expect_navigation(wait_until="load"):
        link.tap()
    assert page_of(page.url, origin) == LANGS[lang] + "references.html"
    assert tab.errors == [], tab.errors


@pytest.mark.parametrize("lang", LANGS)
def test_a_tapped_figure_preview_links_to_the_figure(tabs, built_site, lang):
    tab = tabs("phone", touch=True)
    path = LANGS[lang] + "results/osteoporosis.html"
    page = open_page(tab, built_site.as_uri() + "/" + path, path)
    link = page.locator('a.scholar-xref-link[href$="#fig:direct-effects"]').first
    tip = tip_of(page, link)
    link.tap()
    tip.wait_for(state="visible", timeout=3_000)
    assert tip.get_attribute("role") is None, "a preview holding a link is still a tooltip"
    inner = tip.locator("a.scholar-tip-link")
    assert inner.get_attribute("href") == link.get_attribute("href")
    with page.expect_navigation(wait_until="load"):
        inner.tap()
    assert urlsplit(page.url).fragment == "fig:direct-effects"
    assert page.locator('figure[id="fig:direct-effects"]').evaluate("f => f.matches(':target')")


# ------------------------------------------------------------------------ 4. figures


@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_preview_is_large_enough_to_read(tabs, built_site, lang, window):
    """As large as the figure on its page, near enough, wherever its reference is."""
    tab = tabs(window)
    path = LANGS[lang] + "results/magnesium-and-bone.html"
    page = open_page(tab, built_site.as_uri() + "/" + path, path)
    link = page.locator('a.scholar-xref-link[href="#fig:direct-effects"]').first
    figure = page.locator('figure[id="fig:direct-effects"] img').bounding_box()
    caption = page.locator('figure[id="fig:direct-effects"] figcaption').inner_text()
    tip = tip_of(page, link)
    for block in ("start", "center", "end"):
        page.keyboard.press("Escape")
        page.mouse.move(1, WINDOWS[window]["height"] - 1)
        # Below the header at the top, or at the bottom of the window.
        link.evaluate("""(link, block) => { link.scrollIntoView({block});
            scrollBy(0, block === 'start' ? -80 : block === 'end' ? 10 : 0); }""", block)
        link.hover()
        tip.wait_for(state="visible", timeout=3_000)
        box = box_in_window(page, tip)
        image = tip.locator("img").bounding_box()
        print(f"{lang} {window} {block}: figure preview {image['width']:.0f}×"
              f"{image['height']:.0f} px; on the page {figure['width']:.0f} px")
        assert box["top"] >= 0 and box["bottom"] <= box["vh"], box
        assert image["width"] >= 0.85 * figure["width"], (block, image, figure)
        assert image["height"] >= 0.85 * figure["height"], (block, image, figure)
        # The caption in full, as on the page (the figure's label and title).
        assert tip.locator(".scholar-tip-title").inner_text().strip() in caption.strip()


# ------------------------------------------------------------------- 5. axe-core

AXE = "() => axe.run(document, {resultTypes: ['violations']})"


def blocking(page, label: str) -> list[str]:
    # Colours as they settle: axe reads them mid-transition otherwise (a search
    # result's highlight fading in was once taken for a contrast failure).
    page.evaluate("document.getAnimations().forEach(a => a.finish())")
    violations = page.evaluate(AXE)["violations"]
    found = []
    for violation in violations:
        for node in violation["nodes"]:
            line = f"{label}: {violation['id']} ({violation['impact']}) {node['target']}"
            print(line)
            if violation["impact"] in BLOCKING:
                found.append(line + " " + node.get("failureSummary", "").replace("\n", " "))
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_nothing_serious_with_a_preview_or_the_search_open(
        tabs, built_site, lang, scheme):
    script = axe_script()
    if script is None:
        unavailable("the accessibility test needs axe-core: `pip install axe-playwright-python`")
    tab = tabs("desktop", scheme)
    tab.page.context.add_init_script(path=str(script))
    path = LANGS[lang] + "results/osteoporosis.html"
    page = open_page(tab, built_site.as_uri() + "/" + path, path, scheme)
    found = []

    cite = page.locator("a.scholar-cite").first
    cite.hover()
    tip_of(page, cite).wait_for(state="visible")
    found += blocking(page, "citation preview on hover")
    page.mouse.move(1, 799)

    xref = page.locator("a.scholar-xref-link").first
    xref.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    tip = tip_of(page, xref)
    tip.wait_for(state="visible")
    wait_images(tip)
    found += blocking(page, "figure preview on focus")

    open_search(page, QUERIES[lang])
    page.locator(".md-search-result mark").first.hover()
    found += blocking(page, "search results")
    assert not found, "\n".join(found)


def open_search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.insert_text(query)
    box.press("End")
    page.locator(".md-search-result__item mark").first.wait_for(timeout=30_000)


# ----------------------------------------------------------------- 6. contrast

# The colours as painted: each through a canvas pixel (whatever the CSS syntax:
# rgb(), color(srgb …), color-mix()), the background composited from the element up.
COLOURS = """(element, outlineOf) => {
  document.getAnimations().forEach(a => a.finish());
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = colour => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = '#0000';
    context.fillStyle = colour;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a)
      .concat([a]);
  };
  const background = from => {
    const layers = [];
    for (let node = from; node && node.nodeType === 1; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reduceRight((under, layer) => over(layer, under), [255, 255, 255, 1]);
  };
  const style = getComputedStyle(element);
  const bg = background(element);
  const result = {fg: over(rgba(style.color), bg), bg, text: element.textContent.trim()};
  if (outlineOf) {
    result.outlineStyle = style.outlineStyle;
    result.outlineWidth = parseFloat(style.outlineWidth);
    result.outline = over(rgba(style.outlineColor), background(element.parentElement));
    result.around = background(element.parentElement);
  }
  return result;
}"""


def luminance(rgb) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


class Checks:
    def __init__(self, scheme: str):
        self.scheme, self.failing = scheme, []

    def text(self, label: str, element, focus_ring: bool = False) -> None:
        colours = element.evaluate(COLOURS, focus_ring)
        ratio = contrast(colours["fg"], colours["bg"])
        line = f"{self.scheme} {label}: text {ratio:.2f}:1"
        if ratio < 4.5:
            self.failing.append(f"{line} < 4.5 ({colours})")
        if focus_ring:
            ring = contrast(colours["outline"], colours["around"])
            line += f", focus ring {ring:.2f}:1 ({colours['outlineStyle']}, " \
                    f"{colours['outlineWidth']}px)"
            if colours["outlineStyle"] == "none" or colours["outlineWidth"] < 1 or ring < 3:
                self.failing.append(f"{line}: the focus ring is under 3:1 or absent")
        print(line)


def keyboard_focus(page, element) -> None:
    element.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert element.evaluate("e => e === document.activeElement && e.matches(':focus-visible')")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_text_and_focus_rings_have_enough_contrast_in_every_state(
        tabs, built_site, lang, scheme):
    root = built_site.as_uri() + "/" + LANGS[lang]
    checks = Checks(f"{lang} {scheme}")
    tab = tabs("desktop", scheme)
    page = open_page(tab, root + "results/osteoporosis.html", "osteoporosis", scheme)

    for selector in ("a.scholar-cite", "a.scholar-xref-link", ".md-nav__link[href]",
                     "article h1 .headerlink", "a.md-footer__link", ".md-header a.md-logo"):
        element = page.locator(selector).first
        if selector != "article h1 .headerlink":  # hidden until its heading is hovered
            checks.text(f"{selector} at rest", element)
        element.hover()
        checks.text(f"{selector} on hover", element)
        page.mouse.move(1, 799)
        keyboard_focus(page, element)
        checks.text(f"{selector} on focus", element, focus_ring=True)
    page.locator("article h1").hover()
    checks.text("¶ of the title on hover", page.locator("article h1 .headerlink"))

    open_search(page, QUERIES[lang])
    checks.text("search count line", page.locator(".md-search-result__meta"))
    mark = page.locator(".md-search-result__item mark").first
    checks.text("search highlight", mark)
    page.locator(".md-search-result__link").first.hover()
    checks.text("search highlight, result on hover",
                page.locator(".md-search-result__link").first.locator("mark").first)

    # A search result opened: its words highlighted on the page (search.highlight).
    page.goto(root + f"results/osteoporosis.html?h={HIGHLIGHTS[lang]}", wait_until="load")
    marked = page.locator("article mark[data-md-highlight]")
    marked.first.wait_for(timeout=5_000)
    for mark in marked.all()[:3]:  # in the title, then in the text
        checks.text(f"highlighted word in a {mark.evaluate('m => m.parentElement.tagName')}",
                    mark)

    # A bibliography entry reached from a citation (:target), and its links.
    first = page.locator("a.scholar-cite").first
    with page.expect_navigation(wait_until="load"):
        first.click()
    entry = page.locator("ol.scholar-entries > li:target")
    assert entry.count() == 1
    checks.text("entry as target", entry.locator(".scholar-entry"))
    ring = entry.evaluate(COLOURS, True)
    ratio = contrast(ring["outline"], ring["around"])
    print(f"{lang} {scheme} entry as target: outline {ratio:.2f}:1")
    if ratio < 3:
        checks.failing.append(f"{lang} {scheme} the target entry's outline: {ratio:.2f}:1")
    for link in entry.locator("a").all()[:2]:
        checks.text(f"link in the target entry {link.inner_text()[:20]!r}", link)
        link.hover()
        checks.text("… on hover", link)
    assert not checks.failing, "\n".join(checks.failing)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_link_in_a_tapped_preview_has_enough_contrast(tabs, built_site, scheme):
    tab = tabs("phone", scheme, touch=True)
    page = open_page(tab, built_site.as_uri() + "/results/osteoporosis.html", "tap", scheme)
    link = page.locator("a.scholar-cite").first
    link.tap()
    inner = tip_of(page, link).locator("a.scholar-tip-link .scholar-tip-number")
    inner.wait_for(timeout=3_000)
    checks = Checks(scheme)
    checks.text("number link in a tapped preview", inner)
    checks.text("entry text in a tapped preview", tip_of(page, link).locator(".scholar-tip-entry"))
    assert not checks.failing, "\n".join(checks.failing)


# -------------------------------------------------------- 7. one-line titles


@pytest.mark.parametrize("window", WINDOWS)
def test_a_title_takes_only_the_lines_of_its_words(tabs, built_site, window):
    """The hidden ¶ link after a heading never wraps onto a line of its own."""
    tab = tabs(window)
    root = built_site.as_uri() + "/"
    wrapped = []
    for path in [LANGS[lang] + p for lang in LANGS
                 for p in ["index.html", "methods.html", *ARTICLE, "whole-review.html"]]:
        page = open_page(tab, root + path, path)
        wrapped += page.evaluate("""path => [...document.querySelectorAll(
            'article :is(h1, h2, h3, h4)')].flatMap(h => {
          const link = h.querySelector(':scope > .headerlink');
          if (!link) return [];
          const words = document.createRange();
          words.setStartBefore(h.firstChild);
          words.setEndBefore(link);
          const lines = new Set([...words.getClientRects()].map(r => Math.round(r.bottom)));
          const height = parseFloat(getComputedStyle(h).lineHeight);
          const used = Math.round(h.getBoundingClientRect().height / height);
          const ring = link.getBoundingClientRect();
          const overflow = document.documentElement.scrollWidth >
            document.documentElement.clientWidth;
          return used > lines.size || ring.right > document.documentElement.clientWidth ||
            overflow ? [`${path}: ${h.tagName} ${h.textContent.slice(0, 40)} takes ${used}` +
            ` line(s) for ${lines.size} of words`] : [];
        })""", path)
    assert not wrapped, "\n".join(wrapped)
