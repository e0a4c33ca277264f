/* Editor helpers, all progressive enhancement (the forms work without JavaScript):
   - [data-richtext] textareas get a small WYSIWYG editor (headings, lists, links, emphasis) whose HTML
     is written back to the textarea; the server sanitises it on save.
   - [data-lookup] textareas (one name per line) get a search field that suggests names to add.
   - [data-lookup-single] inputs get name suggestions through a datalist. */
(function () {
  "use strict";

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button button-secondary kb-small";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    return b;
  }

  // The same allow-list as kb/sanitize.py. HTML from the textarea (what the editor typed, or sent back
  // after a refused save) is parsed in an inert document and only allowed nodes are copied into the page,
  // so nothing in it can run or load while it is edited; the server sanitises again on save.
  var ALLOWED = { P: [], BR: [], UL: [], OL: [], LI: [], STRONG: [], EM: [], B: [], I: [], H2: [], H3: [], H4: [],
    A: ["href", "title"], BLOCKQUOTE: [] };
  var DROPPED_WITH_CONTENT = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, NOSCRIPT: 1, IFRAME: 1, OBJECT: 1, SVG: 1, MATH: 1 };

  function safeHref(url) {
    var u = url.replace(/[\u0000-\u0020\u007f]/g, "").replace(/\\/g, "/");
    if (u.indexOf("//") === 0) { return false; }
    return /^(https?:|mailto:)/i.test(u) || !/^[^\/?#]*:/.test(u);
  }

  function copyAllowed(target, source) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) { target.appendChild(document.createTextNode(node.data)); return; }
      if (node.nodeType !== 1) { return; }
      var name = node.tagName.toUpperCase();
      if (DROPPED_WITH_CONTENT[name]) { return; }
      if (!ALLOWED[name]) { copyAllowed(target, node); return; }
      var copy = document.createElement(name.toLowerCase());
      ALLOWED[name].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value !== null && (attribute !== "href" || safeHref(value))) { copy.setAttribute(attribute, value); }
      });
      copyAllowed(copy, node);
      target.appendChild(copy);
    });
  }

  function showHtml(editor, html) {
    var inert = new DOMParser().parseFromString(html, "text/html");
    while (editor.firstChild) { editor.removeChild(editor.firstChild); }
    copyAllowed(editor, inert.body);
  }

  function richText(textarea) {
    var editor = document.createElement("div");
    editor.className = "kb-richtext-editor kb-richtext";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    if (label) { editor.setAttribute("aria-label", label.textContent.trim()); }
    showHtml(editor, textarea.value);
    var toolbar = document.createElement("div");
    toolbar.className = "kb-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatering");
    function exec(command, value) { return function () { editor.focus(); document.execCommand(command, false, value); sync(); }; }
    toolbar.appendChild(button("Overskrift", "Overskrift", exec("formatBlock", "h3")));
    toolbar.appendChild(button("Afsnit", "Almindeligt afsnit", exec("formatBlock", "p")));
    toolbar.appendChild(button("Fed", "Fed skrift", exec("bold")));
    toolbar.appendChild(button("Kursiv", "Kursiv", exec("italic")));
    toolbar.appendChild(button("• Liste", "Punktliste", exec("insertUnorderedList")));
    toolbar.appendChild(button("1. Liste", "Nummereret liste", exec("insertOrderedList")));
    toolbar.appendChild(button("Link", "Indsæt link", function () {
      var url = window.prompt("Linkets adresse (https://…)", "https://");
      if (url && /^(https?:|mailto:)/.test(url)) { exec("createLink", url)(); }
    }));
    var source = button("Vis HTML", "Skift mellem redigering og HTML", function () {
      var showingSource = !textarea.hidden;
      if (showingSource) { showHtml(editor, textarea.value); }
      textarea.hidden = showingSource;
      editor.hidden = !showingSource;
      source.textContent = showingSource ? "Vis HTML" : "Vis redigering";
    });
    toolbar.appendChild(source);
    function sync() { textarea.value = editor.innerHTML; }
    editor.addEventListener("input", sync);
    editor.addEventListener("blur", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    textarea.form.addEventListener("submit", function () { if (textarea.hidden) { sync(); } });
  }

  function fetchNames(url, text, done) {
    if (text.length < 2) { done([]); return; }
    fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { names: [] }; })
      .then(function (data) { done(data.names || []); })
      .catch(function () { done([]); });
  }

  var lists = 0;
  function datalistFor(input, url) {
    var list = document.createElement("datalist");
    list.id = "kb-names-" + (++lists);
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetchNames(url, input.value.trim(), function (names) {
          list.innerHTML = "";
          names.forEach(function (name) { var o = document.createElement("option"); o.value = name; list.appendChild(o); });
        });
      }, 150);
    });
  }

  function lookupMany(textarea) {
    var wrap = document.createElement("div");
    wrap.className = "kb-lookup";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "form-input";
    input.id = textarea.id + "-add";
    input.autocomplete = "off";
    var label = document.createElement("label");
    label.className = "form-label kb-small-label";
    label.htmlFor = input.id;
    label.textContent = "Tilføj (skriv og vælg et navn)";
    var add = button("Tilføj", "Tilføj navnet til listen", function () {
      var name = input.value.trim();
      if (!name) { return; }
      var lines = textarea.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      if (lines.indexOf(name) === -1) { lines.push(name); }
      textarea.value = lines.join("\n");
      input.value = "";
      input.focus();
    });
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); add.click(); } });
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(add);
    textarea.parentNode.appendChild(wrap);
    datalistFor(input, textarea.getAttribute("data-lookup"));
  }

  document.querySelectorAll("textarea[data-richtext]").forEach(richText);
  document.querySelectorAll("textarea[data-lookup]").forEach(lookupMany);
  document.querySelectorAll("input[data-lookup-single]").forEach(function (input) {
    datalistFor(input, input.getAttribute("data-lookup-single"));
  });
})();
