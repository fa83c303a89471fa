// Pipeline board drag and drop. Without JavaScript (or without a mouse) every card keeps its
// "Move to…" form, which posts to the same URL; this script only adds the pointer gesture.
(function () {
  "use strict";

  const board = document.querySelector("[data-board]");
  if (!board) return;
  const live = document.getElementById("board-status");
  let dragged = null;

  function announce(text) {
    if (live) live.textContent = text;
  }

  function csrfToken(card) {
    const input = card.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function moveCard(card, status) {
    const from = card.dataset.status;
    if (!status || status === from) return;
    const body = new FormData();
    body.append("status", status);
    const title = card.querySelector("h3").textContent.trim();
    card.setAttribute("aria-busy", "true");
    try {
      // htmx's request header: the answer is the two columns the move changed, each marked
      // hx-swap-oob, which htmx swaps in place (no reload; the other columns stay as they are).
      const response = await fetch(card.dataset.moveUrl, {
        method: "POST",
        body: body,
        headers: { "HX-Request": "true", "X-CSRFToken": csrfToken(card) },
        credentials: "same-origin",
      });
      if (!response.ok) {
        // The server says why (e.g. a move the status rules forbid); show that.
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.error || "");
      }
      // A move to "Offer" goes on to the application's offer-deadline field (htmx's header).
      const next = response.headers.get("HX-Redirect");
      if (next) {
        window.location.assign(next);
        return;
      }
      const html = await response.text();
      if (window.htmx) {
        window.htmx.swap(board, html, { swapStyle: "none" });
      } else {
        window.location.reload();
        return;
      }
      const label = (board.querySelector(`#move-${card.dataset.app} option[selected]`) || {}).textContent;
      announce(`${title} moved to ${label || status}.`);
    } catch (error) {
      card.removeAttribute("aria-busy");
      const why = error.message ? ` ${error.message}` : "";
      announce(`Could not move ${title}.${why} Use “Move to…” on the card instead.`);
      window.alert(`Could not move ${title}.${why} Please try again, or use “Move to…” on the card.`);
    }
  }

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".board-card");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    board.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.app);
  });

  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("is-dragging");
    board.classList.remove("is-dragging");
    board.querySelectorAll(".is-over").forEach((el) => el.classList.remove("is-over"));
    dragged = null;
  });

  function dropTarget(event) {
    return event.target.closest("[data-drop-status]");
  }

  board.addEventListener("dragover", (event) => {
    const target = dropTarget(event);
    if (!dragged || !target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    board.querySelectorAll(".is-over").forEach((el) => el !== target && el.classList.remove("is-over"));
    target.classList.add("is-over");
  });

  board.addEventListener("dragleave", (event) => {
    const target = dropTarget(event);
    if (target && !target.contains(event.relatedTarget)) target.classList.remove("is-over");
  });

  board.addEventListener("drop", (event) => {
    const target = dropTarget(event);
    if (!dragged || !target) return;
    event.preventDefault();
    target.classList.remove("is-over");
    moveCard(dragged, target.dataset.dropStatus);
  });

})();
