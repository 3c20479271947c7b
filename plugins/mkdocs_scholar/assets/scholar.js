/* mkdocs-scholar: previews of citations and cross-references that any reader can use.

   Without this script the previews (.scholar-tip) show on hover and keyboard focus
   through CSS alone. With it (the "scholar-js" class on <html>):
   - a preview stays inside the window: below the citation, or above it when there is
     no room below, shifted left at the right edge, full width on narrow screens;
     beside the citation when neither fits (a figure's, on a wide screen), or made
     smaller to fit on the side with more room, never over the citation;
   - it stays open while the pointer is on the citation or on the preview, or while
     the citation has focus, and Escape closes it, focus staying where it is
     (WCAG 1.4.13);
   - on a touch screen a first tap opens the preview instead of following the link;
     a second tap on the citation, or a tap on the preview's link, leads on to the
     entry or the figure; a tap elsewhere closes it.
   Events are handled on the document, so pages swapped in by a theme's instant
   navigation work too. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.classList.contains("scholar-js")) {
    return; // loaded twice
  }
  root.classList.add("scholar-js");

  var HOST = ".scholar-citation, .scholar-ref";
  var OPEN = "scholar-tip--open";
  var MARGIN = 8; // px kept free at the window's edges
  var GAP = 4; // px between the citation and its preview
  var NARROW = 600; // px: below this width a preview takes the whole width
  var CLOSE_DELAY = 300; // ms to move the pointer from the citation onto its preview

  var current = null; // {host, tip, pinned}
  var hovered = null; // the host under a mouse pointer
  var dismissed = null; // the host whose preview Escape closed
  var closeTimer = 0;
  var frame = 0;
  var lastPointer = { type: "", at: 0 };

  function hostOf(node) {
    return node && node.closest ? node.closest(HOST) : null;
  }

  function tipOf(host) {
    for (var child = host.firstElementChild; child; child = child.nextElementSibling) {
      if (child.classList.contains("scholar-tip")) {
        return child;
      }
    }
    return null;
  }

  function open(host, pinned) {
    clearTimeout(closeTimer);
    if (current && current.host === host && (current.pinned || !pinned)) {
      return; // open already
    }
    if (current && current.host !== host) {
      close();
    }
    var tip = tipOf(host);
    if (!tip) {
      return;
    }
    if (!current) {
      current = { host: host, tip: tip, pinned: false };
      tip.classList.add(OPEN);
    }
    if (pinned) {
      current.pinned = true;
      addLinks(host, tip);
    }
    place(false);
  }

  function close() {
    clearTimeout(closeTimer);
    if (!current) {
      return;
    }
    var tip = current.tip;
    var pinned = current.pinned;
    current = null; // first: taking a focused link out blurs it, which calls close()
    if (pinned) {
      removeLinks(tip);
    }
    tip.classList.remove(OPEN);
    tip.removeAttribute("style");
    tip.removeAttribute("tabindex");
  }

  function closeSoon(host) {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      if (current && current.host === host && !current.pinned && hovered !== host &&
          !host.contains(document.activeElement)) {
        close();
      }
    }, CLOSE_DELAY);
  }

  // A tapped preview gets links on: the entries (each to its place in the list)
  // or the figure. A tooltip holds nothing focusable, so while it does, it is no
  // tooltip but a part of the page after the citation.
  function addLinks(host, tip) {
    var cite = host.querySelector("a.scholar-cite");
    var xref = host.querySelector("a.scholar-xref-link");
    if (cite) {
      var list = cite.getAttribute("href").split("#")[0];
      var entries = tip.querySelectorAll(".scholar-tip-entry[data-entry]");
      for (var i = 0; i < entries.length; i++) {
        wrap([entries[i]], list + "#" + entries[i].getAttribute("data-entry"));
      }
    } else if (xref) {
      wrap(Array.prototype.slice.call(tip.childNodes), xref.getAttribute("href"));
    } else {
      return;
    }
    tip.removeAttribute("role");
  }

  function wrap(nodes, href) {
    var link = document.createElement("a");
    link.className = "scholar-tip-link";
    link.href = href;
    nodes[0].parentNode.insertBefore(link, nodes[0]);
    nodes.forEach(function (node) { link.appendChild(node); });
  }

  function removeLinks(tip) {
    var links = tip.querySelectorAll("a.scholar-tip-link");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      while (link.firstChild) {
        link.parentNode.insertBefore(link.firstChild, link);
      }
      link.remove();
    }
    tip.setAttribute("role", "tooltip");
  }

  // The top of the space a preview may use: below a fixed or sticky header.
  function topLimit() {
    var header = document.querySelector(".md-header, header[data-md-component=header]");
    var bottom = 0;
    if (header) {
      var style = getComputedStyle(header);
      if (style.position === "fixed" || style.position === "sticky") {
        bottom = Math.max(0, header.getBoundingClientRect().bottom);
      }
    }
    return bottom + MARGIN;
  }

  function place(scrolled) {
    frame = 0;
    if (!current) {
      return;
    }
    var host = current.host;
    var tip = current.tip;
    var width = root.clientWidth;
    var height = root.clientHeight;
    var anchor = host.getBoundingClientRect();
    if (scrolled && (anchor.bottom < 0 || anchor.top > height)) {
      close(); // scrolled out of sight
      return;
    }
    var image = tip.querySelector("img");
    tip.removeAttribute("tabindex");
    tip.style.cssText = "left: 0; top: 0; max-width: " + (width - 2 * MARGIN) + "px;" +
      (width < NARROW ? "width: " + (width - 2 * MARGIN) + "px;" : "");
    if (image) {
      image.removeAttribute("style");
    }
    var top = topLimit();
    var bottom = height - MARGIN;
    var below = bottom - (anchor.bottom + GAP);
    var above = anchor.top - GAP - top;
    var right = width - MARGIN - (anchor.right + GAP);
    var left = anchor.left - GAP - MARGIN;
    var box = tip.getBoundingClientRect();
    var x = Math.max(MARGIN, Math.min(anchor.left, width - MARGIN - box.width));
    var y;
    if (box.height <= below) {
      y = anchor.bottom + GAP;
    } else if (box.height <= above) {
      y = anchor.top - GAP - box.height;
    } else if (width >= NARROW && Math.max(left, right) >= Math.min(box.width, 320)) {
      // Beside the citation, where the whole height of the window is free.
      var room = Math.max(left, right);
      if (box.width > room) {
        tip.style.width = room + "px";
      }
      box = fit(tip, image, bottom - top);
      x = right >= left ? anchor.right + GAP : anchor.left - GAP - box.width;
      y = Math.max(top, Math.min(anchor.top + anchor.height / 2 - box.height / 2,
                                 bottom - box.height));
    } else if (below >= above) {
      box = fit(tip, image, below);
      y = anchor.bottom + GAP;
    } else {
      box = fit(tip, image, above);
      y = anchor.top - GAP - box.height;
    }
    tip.style.left = Math.round(x) + "px";
    tip.style.top = Math.round(y) + "px";
  }

  // At most `room` px high: a figure's drawing gets smaller (narrower, so that its
  // proportions stay); text scrolls, and the preview takes focus so that a keyboard
  // can scroll it.
  function fit(tip, image, room) {
    var box = tip.getBoundingClientRect();
    for (var pass = 0; image && box.height > room && pass < 3; pass++) {
      var drawn = image.getBoundingClientRect();
      if (!drawn.height) {
        break; // not loaded yet: placed again once it is
      }
      var tall = Math.max(drawn.height - (box.height - room), 60);
      var wide = Math.floor(drawn.width * tall / drawn.height);
      image.style.width = wide + "px";
      tip.style.width = Math.ceil(wide + box.width - drawn.width) + "px";
      box = tip.getBoundingClientRect();
    }
    if (box.height > room) {
      tip.style.maxHeight = room + "px";
      tip.setAttribute("tabindex", "0");
      box = tip.getBoundingClientRect();
    }
    return box;
  }

  function placeSoon() {
    if (current && !frame) {
      frame = requestAnimationFrame(function () { place(true); });
    }
  }

  function recentPointer(event) {
    // Browsers whose click is no PointerEvent: the pointer pressed just before.
    if (typeof event.pointerType === "string") {
      return event.pointerType;
    }
    return Date.now() - lastPointer.at < 1000 ? lastPointer.type : "";
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") {
      return;
    }
    var host = hostOf(event.target);
    hovered = host;
    if (host && host !== dismissed) {
      open(host, false);
    }
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") {
      return;
    }
    var host = hostOf(event.target);
    if (!host || hostOf(event.relatedTarget) === host) {
      return;
    }
    hovered = null;
    if (dismissed === host && !host.contains(document.activeElement)) {
      dismissed = null;
    }
    closeSoon(host);
  });

  document.addEventListener("focusin", function (event) {
    var host = hostOf(event.target);
    if (host && host !== dismissed) {
      open(host, false);
    }
  });

  document.addEventListener("focusout", function (event) {
    var host = hostOf(event.target);
    if (!host || hostOf(event.relatedTarget) === host) {
      return;
    }
    if (dismissed === host && hovered !== host) {
      dismissed = null;
    }
    if (current && current.host === host && hovered !== host) {
      close();
    }
  });

  document.addEventListener("pointerdown", function (event) {
    lastPointer = { type: event.pointerType, at: Date.now() };
    if (current && !current.host.contains(event.target)) {
      close(); // a tap or a click elsewhere
    }
  });

  // Capturing, so that the first tap is held back before anything follows the link.
  document.addEventListener("click", function (event) {
    var host = hostOf(event.target);
    if (!host || recentPointer(event) !== "touch") {
      return;
    }
    if (event.target.closest(".scholar-tip")) {
      if (event.target.closest("a.scholar-tip-link")) {
        setTimeout(close, 0); // on to the entry (on this page, nothing unloads)
      }
      return;
    }
    if (current && current.host === host && current.pinned) {
      if (!event.target.closest("a")) {
        close(); // a citation without links: a second tap closes
      }
      return; // the second tap follows the link
    }
    event.preventDefault();
    dismissed = null;
    open(host, true);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (current && (event.key === "Escape" || event.key === "Esc")) {
      dismissed = current.host;
      close();
    }
  });

  window.addEventListener("scroll", placeSoon, { passive: true });
  window.addEventListener("resize", placeSoon);
  // A lazy figure image changes the preview's size once it has loaded.
  document.addEventListener("load", function (event) {
    if (current && current.tip.contains(event.target)) {
      placeSoon();
    }
  }, true);
})();
