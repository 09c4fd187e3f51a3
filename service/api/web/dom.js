// Small DOM helpers shared by the page's panels.

// A row's action button, named for screen readers with the thing it acts on ("Delete: Bridge opens").
export function actionButton(label, name, onClick, cls = "quiet") {
  const b = document.createElement("button");
  b.type = "button";
  b.className = cls;
  b.textContent = label;
  b.setAttribute("aria-label", `${label}: ${name}`);
  b.addEventListener("click", onClick);
  return b;
}
