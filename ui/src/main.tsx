// Global styles first so component styles, imported further down the tree,
// win ties in the cascade.
import "./styles/tokens.css";
import "./styles/fonts.css";
import "./styles/base.css";
import "./styles/ui.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

const container = document.getElementById("root");
if (!container) {
  throw new Error("index.html is missing the #root element.");
}

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
