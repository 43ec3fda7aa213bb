// The element the page draws into: the #app of index.html.
export const root = document.getElementById("app") ?? document.body;
