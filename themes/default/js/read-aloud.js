/* "Read this page aloud": the browser's own voice reads the page's main
 * text, a sentence at a time, marking the sentence it is reading.  Nothing
 * is sent anywhere and no other script is loaded.  The button only appears
 * when the browser has a voice; without JavaScript there is no button, and
 * the page's recording (if it has one) still plays. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, summary";
  var SKIP = ".listen, .read-aloud, nav, script, style, [hidden], [aria-hidden='true']";
  var marks = window.CSS && CSS.highlights && window.Highlight ? CSS.highlights : null;
  var sentences = [], at = 0, state = "stopped", button, stop, marked;

  function voiceFor(lang) {
    var voices = synth.getVoices(), prefix = (lang || "en").toLowerCase().split("-")[0], i;
    for (i = 0; i < voices.length; i++)
      if (voices[i].lang.toLowerCase().replace("_", "-") === (lang || "").toLowerCase()) return voices[i];
    for (i = 0; i < voices.length; i++)
      if (voices[i].lang.toLowerCase().indexOf(prefix) === 0) return voices[i];
    return null;
  }

  /* Each block's text nodes, joined, cut into sentences; each sentence
   * keeps a Range over the page so it can be marked where it stands. */
  function collect(main) {
    var out = [];
    main.querySelectorAll(BLOCKS).forEach(function (block) {
      if (block.closest(SKIP) || block.querySelector(BLOCKS)) return;
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), nodes = [], text = "", n;
      while ((n = walker.nextNode())) {
        if (n.parentElement.closest(SKIP)) continue;
        nodes.push({ node: n, start: text.length });
        text += n.data;
      }
      var re = /[^.!?]+[.!?]*["')\]]*\s*/g, m;
      while ((m = re.exec(text))) {
        if (!m[0].trim()) continue;
        out.push({ text: m[0].trim(), block: block, range: rangeFor(nodes, m.index, m.index + m[0].length) });
      }
    });
    return out;
  }

  function rangeFor(nodes, start, end) {
    var range = document.createRange(), i, set = false;
    for (i = 0; i < nodes.length; i++) {
      var from = nodes[i].start, to = from + nodes[i].node.data.length;
      if (!set && start < to) { range.setStart(nodes[i].node, Math.max(0, start - from)); set = true; }
      if (end <= to) { range.setEnd(nodes[i].node, Math.max(0, end - from)); return range; }
    }
    if (nodes.length) range.setEnd(nodes[nodes.length - 1].node, nodes[nodes.length - 1].node.data.length);
    return range;
  }

  /* The block being read is outlined (site.css: .reading-now); where the
   * browser can mark a range of text, the sentence itself is marked too.
   * That rule is added here: only this script uses it, and stylesheet
   * validators do not yet know ::highlight(). */
  function markStyle() {
    if (!marks || document.getElementById("read-aloud-style")) return;
    var style = document.createElement("style");
    style.id = "read-aloud-style";
    style.textContent = "::highlight(read-aloud) { background-color: #ffdd00; color: #0b0c0c; }";
    document.head.appendChild(style);
  }

  function mark(s) {
    if (marked) marked.block.classList.remove("reading-now");
    if (marks) marks.delete("read-aloud");
    marked = s;
    if (!s) return;
    markStyle();
    if (marks) marks.set("read-aloud", new Highlight(s.range));
    s.block.classList.add("reading-now");
    s.block.scrollIntoView({ block: "nearest" });
  }

  function speakNext() {
    if (state !== "playing") return;
    if (at >= sentences.length) { finish(); return; }
    var s = sentences[at], u = new SpeechSynthesisUtterance(s.text);
    u.lang = document.documentElement.lang || "en-GB";
    var v = voiceFor(u.lang);
    if (v) u.voice = v;
    u.onend = function () { if (state === "playing") { at++; speakNext(); } };
    mark(s);
    synth.speak(u);
  }

  function label(text) { button.textContent = text; }

  function finish() {
    synth.cancel();
    state = "stopped";
    at = 0;
    mark(null);
    label("Read this page aloud");
    stop.hidden = true;
  }

  function toggle() {
    if (state === "playing") {
      state = "paused";
      synth.pause();
      label("Carry on reading");
    } else if (state === "paused") {
      state = "playing";
      synth.resume();
      label("Pause");
    } else {
      sentences = collect(document.getElementById("main"));
      state = "playing";
      label("Pause");
      stop.hidden = false;
      speakNext();
    }
  }

  function addButton() {
    var main = document.getElementById("main");
    if (!main || button || !synth.getVoices().length || !voiceFor(document.documentElement.lang)) return;
    var box = document.createElement("p");
    box.className = "read-aloud";
    button = document.createElement("button");
    button.type = "button";
    button.addEventListener("click", toggle);
    stop = document.createElement("button");
    stop.type = "button";
    stop.textContent = "Stop";
    stop.hidden = true;
    stop.addEventListener("click", finish);
    box.appendChild(button);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(stop);
    label("Read this page aloud");
    var h1 = main.querySelector("h1"), listen = main.querySelector(".listen");
    if (listen) listen.appendChild(box);
    else if (h1) h1.parentNode.insertBefore(box, h1.nextSibling);
    else main.insertBefore(box, main.firstChild);
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addButton();
    if (!button && "onvoiceschanged" in synth) synth.addEventListener("voiceschanged", addButton);
  });
})();
