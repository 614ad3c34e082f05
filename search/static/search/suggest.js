/* Agir tôt — suggestions while typing in the search boxes.
 *
 * A search field with data-suggest="<address of the list>" becomes an ARIA 1.2 combobox
 * with a list: from two letters on, the server's list of up to eight titles (each with
 * its kind) is shown under the field; Down and Up arrows move through it, Enter opens
 * the chosen page, Escape closes the list, and a live region says how many there are.
 * Enter with no option chosen submits the form as before. Without this script the field
 * is a plain search field in its form, which works the same.
 *
 * The lists of the library and the directory are swapped by htmx while typing: the new
 * field is set up again, with the list it showed, so typing and choosing carry on.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LETTERS = 2;
  // The last list of each field (by id): what a field swapped by htmx shows again.
  var remembered = {};
  // The fields already set up: a field that htmx puts back from its history is a new
  // element with the old markup, and is set up again.
  var ready = new WeakSet();

  function letters(text) {
    return text.replace(/[^0-9A-Za-z\u00C0-\u024F]/g, "").length;
  }

  function setUp(input) {
    if (ready.has(input)) return;
    ready.add(input);
    var source = input.dataset.suggest;
    var listbox = document.createElement("ul");
    var status = document.createElement("div");
    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var cache = {};
    var shown = "";

    listbox.id = input.id + "-suggestions";
    status.id = listbox.id + "-status";
    [listbox.id, status.id].forEach(function (id) {
      var stale = document.getElementById(id);
      if (stale) stale.remove();
    });
    listbox.className = "suggest-list";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    status.className = "visually-hidden";
    // A polite live region, not role="status": the page's own messages keep that role alone.
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");
    input.parentElement.classList.add("suggest-anchor");
    input.after(listbox, status);

    function remember() {
      remembered[input.id] = { value: input.value, html: shown, active: active };
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
        options[active].classList.remove("is-active");
      }
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        var option = options[index];
        option.setAttribute("aria-selected", "true");
        option.classList.add("is-active");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
      remember();
    }

    function show(html, announce) {
      var found = new DOMParser().parseFromString(html, "text/html").querySelector("ul");
      shown = html;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.replaceChildren();
      options = [];
      if (!found) return close();
      listbox.setAttribute("aria-label", found.dataset.label || "");
      found.querySelectorAll('[role="option"]').forEach(function (item, index) {
        var option = document.importNode(item, true);
        option.id = listbox.id + "-" + index;
        listbox.append(option);
        options.push(option);
      });
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      if (announce) status.textContent = found.dataset.status || "";
      remember();
    }

    function go(option) {
      if (option && option.dataset.url) window.location.assign(option.dataset.url);
    }

    function ask() {
      var typed = input.value;
      if (letters(typed) < MIN_LETTERS) {
        close();
        status.textContent = "";
        shown = "";
        remember();
        return;
      }
      if (cache[typed] !== undefined) return show(cache[typed], true);
      if (controller) controller.abort();
      controller = new AbortController();
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(typed);
      fetch(url, { signal: controller.signal, headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (html) {
          cache[typed] = html;
          // An answer to what is no longer typed is not shown.
          if (input.value === typed) show(html, true);
        })
        .catch(function () {
          /* aborted, or the network failed: the form still works */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      var open = !listbox.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!open) {
          if (options.length) {
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
            if (!event.altKey) choose(0);
          } else {
            ask();
          }
          return;
        }
        if (!event.altKey) choose(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!open) return;
        event.preventDefault();
        choose(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(options[active]);
        } else {
          close();
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          close();
          remember();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      // A click on an option keeps the focus in the field (mousedown below).
      close();
    });

    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      go(event.target.closest('[role="option"]'));
    });

    // A field put back by htmx while it had the focus shows its list again.
    var before = remembered[input.id];
    if (before && before.value === input.value && before.html) {
      requestAnimationFrame(function () {
        if (document.activeElement !== input) return;
        show(before.html, false);
        if (before.active >= 0 && before.active < options.length) choose(before.active);
      });
    }
  }

  function setUpWithin(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("input[data-suggest]")) setUp(root);
    root.querySelectorAll("input[data-suggest]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpWithin(document);
    });
  } else {
    setUpWithin(document);
  }
  // htmx swaps a listing with its form: the new field is set up too.
  document.addEventListener("htmx:load", function (event) {
    setUpWithin(event.detail && event.detail.elt);
  });
})();
