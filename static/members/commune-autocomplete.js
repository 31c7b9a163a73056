/*
 * Commune autocomplete: turns every <input data-commune-autocomplete="URL"> into a
 * WAI-ARIA 1.2 combobox with a listbox popup (arrow keys, Enter, Escape, Tab, mouse).
 * Without JavaScript the input stays a plain text field, checked by the server on submit.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var counter = 0;

  function setup(input) {
    if (input.dataset.comboboxReady) return;
    input.dataset.comboboxReady = "1";
    counter += 1;
    var listId = (input.id || "commune-" + counter) + "-listbox";

    var wrapper = document.createElement("div");
    wrapper.className = "commune-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "commune-combobox__list";
    list.setAttribute("role", "listbox");
    // Its own name, so that the field's label names the input alone.
    list.setAttribute("aria-label", input.dataset.communeListLabel || "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "commune-combobox__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var url = input.dataset.communeAutocomplete;
    var messageCount = input.dataset.communeResults || "%(count)s communes proposées";
    var messageNone = input.dataset.communeNone || "Aucune commune ne correspond";
    var results = [];
    var active = -1;
    var timer = null;
    var lastQuery = null;
    var request = 0;

    function open() {
      if (!results.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }

    function setActive(index) {
      var options = list.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = results[index];
      if (!item) return;
      input.value = item.name;
      lastQuery = item.name;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render() {
      list.textContent = "";
      results.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-option-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "commune-combobox__option";
        option.textContent = item.label;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
        });
        option.addEventListener("click", function () {
          choose(index);
        });
        list.appendChild(option);
      });
      active = -1;
      status.textContent = results.length
        ? messageCount.replace("%(count)s", String(results.length))
        : messageNone;
      if (results.length) open();
      else close();
    }

    function fetchResults() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) {
        results = [];
        list.textContent = "";
        status.textContent = "";
        close();
        return;
      }
      request += 1;
      var mine = request;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine !== request) return; // an answer to an older query
          results = data.results || [];
          render();
        })
        .catch(function () {
          results = [];
          close();
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchResults, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var count = results.length;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (list.hidden) {
            open();
            if (!event.altKey && count) setActive(0);
          } else if (count) {
            setActive((active + 1) % count);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (list.hidden) {
            open();
            if (count) setActive(count - 1);
          } else if (count) {
            setActive(active <= 0 ? count - 1 : active - 1);
          }
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            event.preventDefault(); // choose, do not submit yet
            choose(active);
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          } else if (input.value) {
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  function init(root) {
    var inputs = (root || document).querySelectorAll("input[data-commune-autocomplete]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init();
    });
  } else {
    init();
  }
  // Formsets add rows later (a new practice site): set them up when focused.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("input[data-commune-autocomplete]")) {
      setup(target);
    }
  });
})();
