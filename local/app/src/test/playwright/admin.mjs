// Channel administration in two browser pages: the first user creates a channel with the second, renames it and sets
// its topic, and the second page shows both as they happen; the second page offers no owner controls. Then the
// first removes the second, and the second page shows the channel gone.
// Usage: node admin.mjs <webUrl> <chromiumPath> <modulesPrefix>, as chat.mjs.
import { launch } from "./pages.mjs";

const suffix = Date.now().toString(36);
const alice = "alice-" + suffix;
const bob = "bob-" + suffix;
const renamed = "renamed " + suffix;
const topic = "topic " + suffix;

const { browser, open } = await launch(process.argv);
try {
  const pageA = await open(alice, ["admin check", bob, renamed, topic]);
  const pageB = await open(bob, []);
  await pageA.click("#new-channel");
  const active = await pageA.waitForSelector("#channels li.channel.active", { timeout: 20000 });
  const channelId = await active.getAttribute("data-channel-id");
  await pageB.waitForSelector(`#channels li.channel.active[data-channel-id="${channelId}"]`, { timeout: 30000 });
  await pageA.waitForSelector("#channel-admin:not([hidden])", { timeout: 10000 });
  if (await pageB.isVisible("#rename-channel")) throw new Error("a member who is not an owner is offered rename");

  await pageA.click("#rename-channel");
  await pageB.waitForSelector(`#channel-title:has-text("${renamed}")`, { timeout: 30000 });
  console.log("renamed: " + (await pageB.textContent("#channel-title")));
  await pageA.click("#set-topic");
  await pageB.waitForSelector(`#channel-topic:has-text("${topic}")`, { timeout: 30000 });
  console.log("topic: " + (await pageB.textContent("#channel-topic")));

  const remove = `#members li[data-user-id="${bob}"] button.remove-member`;
  await pageA.waitForSelector(remove, { timeout: 20000 });
  await pageA.click(remove);
  await pageB.waitForSelector(`#channels li.channel[data-channel-id="${channelId}"]`, { state: "detached", timeout: 30000 });
  await pageB.waitForSelector("#channel-title:has-text('No channel')", { timeout: 10000 });
  await pageA.waitForSelector(`#members li[data-user-id="${bob}"]`, { state: "detached", timeout: 20000 });
  console.log("removed: " + channelId);
} finally {
  await browser.close();
}
