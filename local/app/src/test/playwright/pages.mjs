// What the page checks share: headless Chromium from the arguments every check takes
// (`node <check>.mjs <webUrl> <chromiumPath> <modulesPrefix>`), and the chat page opened and logged in.
import { createRequire } from "node:module";
import { join } from "node:path";

export async function launch(argv) {
  const [webUrl, executablePath, modulesPrefix] = argv.slice(2);
  const { chromium } = createRequire(join(modulesPrefix, "package.json"))("playwright-core");
  const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  // A page in a context of its own (another device); its dialogs are answered from `answers`, in order.
  const newPage = async (name, answers) => {
    const page = await (await browser.newContext()).newPage();
    page.on("dialog", dialog => dialog.accept(answers.shift() ?? ""));
    page.on("pageerror", error => console.error(name + " page error: " + error.message));
    await page.goto(webUrl);
    return page;
  };
  const open = async (user, answers) => {
    const page = await newPage(user, answers);
    await logIn(page, user);
    return page;
  };
  return { browser, newPage, open };
}

export async function logIn(page, user) {
  await page.fill("#user", user);
  await page.click("#login-button");
  await page.waitForSelector("#status:has-text('connected as')", { timeout: 20000 });
}
