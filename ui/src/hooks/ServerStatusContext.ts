import { createContext } from "react";
import type { ServerView } from "./serverView";

export const ServerStatusContext = createContext<ServerView | null>(null);
