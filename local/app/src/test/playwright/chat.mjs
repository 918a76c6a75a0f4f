// Two browser pages log in as two users; the first creates a channel with the second and sends a message;
// the check passes when the second page shows it. Then the second mentions the first through the composer's
// picker ("@" and the start of the name, Tab), and the first page shows the message highlighted as mentioning them.
// Usage: node chat.mjs <webUrl> <chromiumPath> <modulesPrefix>, where <modulesPrefix> holds
// node_modules/playwright-core (`./parley setup` installs it under .parley/browser-check).
import { launch } from "./pages.mjs";

const suffix = Date.now().toString(36);
const alice = "alice-" + suffix;
const bob = "bob-" + suffix;
const text = "hello from the browser " + suffix;

const { browser, open } = await launch(process.argv);
try {
  const pageA = await open(alice, ["browser check", bob]);
  const pageB = await open(bob, []);
  await pageA.click("#new-channel");
  await pageA.waitForSelector("#channels li.channel.active", { timeout: 20000 });
  await pageA.fill("#text", text);
  await pageA.click("#send");
  await pageB.waitForSelector(`#messages .message .text:has-text("${text}")`, { timeout: 30000 });
  console.log("delivered: " + text);

  await pageB.waitForSelector(`#members li:has-text("${alice}")`, { timeout: 20000 });
  await pageB.click("#text");
  await pageB.keyboard.type("ping @" + alice.slice(0, 4));
  await pageB.waitForSelector(`#mention-picker li[data-token="<@${alice}>"]`, { timeout: 10000 });
  await pageB.keyboard.press("Tab");
  const composed = await pageB.inputValue("#text");
  if (composed !== `ping <@${alice}> `) throw new Error("the picker left " + JSON.stringify(composed));
  await pageB.keyboard.type("look");
  await pageB.click("#send");
  const mention = await pageA.waitForSelector(`#messages .message.mentions-me .text:has-text("look") .mention.me`, { timeout: 30000 });
  const shown = await mention.textContent();
  if (shown !== "@" + alice) throw new Error("the mention shows as " + JSON.stringify(shown));
  console.log("mentioned: " + shown);
} finally {
  await browser.close();
}
