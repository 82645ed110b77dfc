/* Accessibility touch-ups.
 *  - myst-nb's "Show code cell source" toggles carry aria-label="Toggle hidden content", which
 *    hides their visible text from screen readers (axe: label-content-name-mismatch) -> drop it,
 *    so the accessible name is the visible text.
 * And for embedded (kernel-free) ipywidgets 8.1 views:
 *  - noUiSlider handles (role="slider") get no accessible name (axe: aria-input-field-name)
 *    -> aria-label from the slider's visible description;
 *  - Image widgets render <img> without alt (axe: image-alt) and Image(tooltip=...) breaks
 *    html-manager 1.0.15 -> inside a `.static-slider` box (see companion/widgets/_controls.py) every
 *    image gets alt="<what the figure shows>, for <name> = <value>, ..." from the panel's hidden
 *    .static-alt text (companion.widgets.StaticPanel) and the current slider readouts, recomputed
 *    whenever the Stack swaps the image or a readout changes. */
(function () {
  function sliderText(w) {
    var l = w.querySelector(".widget-label"), r = w.querySelector(".widget-readout");
    return [(l ? l.textContent.trim() : ""), (r ? r.textContent.trim() : "")];
  }
  function fix() {
    document.querySelectorAll('summary[aria-label="Toggle hidden content"]').forEach(function (s) {
      s.removeAttribute("aria-label");
    });
    document.querySelectorAll(".widget-slider").forEach(function (w) {
      var name = sliderText(w)[0] || "slider";
      w.querySelectorAll('.noUi-handle[role="slider"]').forEach(function (h) {
        if (h.getAttribute("aria-label") !== name) h.setAttribute("aria-label", name);
      });
    });
    document.querySelectorAll(".static-slider").forEach(function (box) {
      var parts = [];
      box.querySelectorAll(".widget-slider").forEach(function (w) {
        var t = sliderText(w);
        parts.push(t[0] + " = " + t[1]);
      });
      var what = box.querySelector(".static-alt");
      var alt = (what ? what.textContent.trim() : "Plot") + ", for " + parts.join(", ");
      box.querySelectorAll("img.widget-image").forEach(function (img) {
        if (img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
      });
    });
    document.querySelectorAll("img.widget-image:not([alt])").forEach(function (img) {
      img.setAttribute("alt", "");
    });
  }
  function start() {
    fix();
    // attribute writes above are not observed -> no feedback loop
    new MutationObserver(fix).observe(document.body,
      { childList: true, subtree: true, characterData: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
