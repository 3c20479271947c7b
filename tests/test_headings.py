"""core/headings.py: heading anchors titled in the page's language."""

from __future__ import annotations

from mkdocs_scholar.core.headings import TOC_DEFAULT_TITLE, retitle_permalinks

PAGE = (
    '<h1 id="a">One<a class="headerlink" href="#a" title="Permanent link">¶</a></h1>'
    '<p><a href="#a" title="Permanent link">a link of the text</a></p>'
    '<h2 id="b">Two<a class="headerlink" href="#b" title="Permanent link">¶</a></h2>'
)


def test_every_heading_anchor_and_nothing_else_is_retitled():
    out = retitle_permalinks(PAGE, TOC_DEFAULT_TITLE, "Постійне посилання")
    assert out.count('class="headerlink" href="#a" title="Постійне посилання"') == 1
    assert out.count('class="headerlink" href="#b" title="Постійне посилання"') == 1
    # A link of the page's own text keeps its title.
    assert '<a href="#a" title="Permanent link">a link of the text</a>' in out


def test_titles_are_escaped_and_the_same_title_changes_nothing():
    out = retitle_permalinks(PAGE, TOC_DEFAULT_TITLE, 'Link "here" & <now>')
    assert 'title="Link &quot;here&quot; &amp; &lt;now&gt;"' in out
    assert retitle_permalinks(PAGE, TOC_DEFAULT_TITLE, TOC_DEFAULT_TITLE) is PAGE


def test_a_title_with_markup_characters_is_found_as_toc_writes_it():
    page = '<h1 id="a">A<a class="headerlink" href="#a" title="Link &amp; anchor">#</a></h1>'
    assert 'title="Anker"' in retitle_permalinks(page, "Link & anchor", "Anker")
