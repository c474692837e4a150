import { runPost } from "./cleanup.js";

runPost();
