// Enter in the partner search box runs the search (through htmx) instead of submitting
// the whole action form. It lives in a file, not in an attribute, so that the Content
// Security Policy needs neither inline scripts nor eval.
document.addEventListener("keydown", function (event) {
  var field = event.target;
  if (event.key !== "Enter" || !field.matches || !field.matches("[data-search-on-enter]")) {
    return;
  }
  event.preventDefault();
  if (window.htmx) {
    window.htmx.trigger(field, "search-enter");
  }
});
