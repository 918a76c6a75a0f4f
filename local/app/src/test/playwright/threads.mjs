// Two browser pages log in as two users; the first creates a channel with the second and posts a message. The second
// replies to it in the thread panel; the first page shows the root's reply count go up live, opens the thread (which
// loads it with getThread) and sees the reply there and not in the main timeline; a second reply then shows in the
// open panel and the count goes to 2, both live.
// Usage: node threads.mjs <webUrl> <chromiumPath> <modulesPrefix>, as chat.mjs.
import { launch } from "./pages.mjs";

const suffix = Date.now().toString(36);
const alice = "alice-" + suffix;
const bob = "bob-" + suffix;
const rootText = "shall we ship " + suffix;
const firstReply = "yes, today " + suffix;
const secondReply = "after lunch " + suffix;

const { browser, open } = await launch(process.argv);
try {
  const pageA = await open(alice, ["thread check", bob]);
  const pageB = await open(bob, []);
  await pageA.click("#new-channel");
  await pageA.waitForSelector("#channels li.channel.active", { timeout: 20000 });
  await pageA.fill("#text", rootText);
  await pageA.click("#send");

  const rootOnB = pageB.locator("#messages .message", { hasText: rootText });
  await rootOnB.waitFor({ timeout: 30000 });
  await rootOnB.hover();
  await rootOnB.locator(".reply-link").click();
  await pageB.waitForSelector(`#thread-root .text:has-text("${rootText}")`, { timeout: 20000 });
  await pageB.fill("#thread-text", firstReply);
  await pageB.click("#thread-send");
  await pageB.waitForSelector(`#thread-replies .text:has-text("${firstReply}")`, { timeout: 30000 });

  const rootOnA = pageA.locator("#messages .message", { hasText: rootText });
  const counted = await rootOnA.locator(".thread-link .reply-count:has-text('1 reply')").textContent({ timeout: 30000 });
  console.log("thread counted: " + counted);

  await rootOnA.locator(".thread-link").click();
  const opened = await pageA.locator(`#thread-replies .text:has-text("${firstReply}")`).textContent({ timeout: 20000 });
  if (await pageA.locator(`#messages .text:has-text("${firstReply}")`).count() !== 0) {
    throw new Error("the reply shows in the main timeline");
  }
  console.log("thread opened: " + opened);

  await pageB.fill("#thread-text", secondReply);
  await pageB.click("#thread-send");
  await pageA.waitForSelector(`#thread-replies .text:has-text("${secondReply}")`, { timeout: 30000 });
  const live = await rootOnA.locator(".thread-link .reply-count:has-text('2 replies')").textContent({ timeout: 30000 });
  console.log("thread live: " + live);
} finally {
  await browser.close();
}
