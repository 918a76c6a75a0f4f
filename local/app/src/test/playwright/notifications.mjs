// One user on two pages (two devices). The first creates a channel, chooses "mentions only" and mutes it for an
// hour; the second page shows the change without reloading (notificationsChanged). The first page is then reloaded
// and shows the stored preferences (listChannels); "Mute until unmuted" and "Unmute" survive a reload too.
// Usage: node notifications.mjs <webUrl> <chromiumPath> <modulesPrefix>, as chat.mjs.
import { launch, logIn } from "./pages.mjs";

const user = "carol-" + Date.now().toString(36);

const { browser, newPage } = await launch(process.argv);
try {
  const login = async page => {
    await logIn(page, user);
    await page.waitForSelector("#notify-controls:not([hidden])", { timeout: 20000 });
  };
  const open = answers => newPage(user, answers);
  const expectShown = async (page, level, status, when) => {
    await page.waitForFunction(([wanted, text]) => document.getElementById("notify-level").value === wanted
        && document.getElementById("mute-status").textContent.startsWith(text), [level, status], { timeout: 20000 })
      .catch(async () => {
        const shown = await page.evaluate(() => [document.getElementById("notify-level").value,
          document.getElementById("mute-status").textContent]);
        throw new Error(when + ": expected " + JSON.stringify([level, status]) + ", the page shows " + JSON.stringify(shown));
      });
  };

  const first = await open(["quiet room", ""]);
  await first.fill("#user", user);
  await first.click("#login-button");
  await first.waitForSelector("#status:has-text('connected as')", { timeout: 20000 });
  await first.click("#new-channel");
  await first.waitForSelector("#channels li.channel.active", { timeout: 20000 });
  await first.waitForSelector("#notify-controls:not([hidden])", { timeout: 20000 });
  await expectShown(first, "all", "", "a new channel");

  const second = await open([]);
  await login(second);
  await expectShown(second, "all", "", "the second device at first");

  await first.selectOption("#notify-level", "mentions");
  await first.click("#mute-1h");
  await expectShown(first, "mentions", "muted until ", "after choosing");
  await second.waitForSelector("#channels li.channel .muted-indicator", { timeout: 20000 });
  await expectShown(second, "mentions", "muted until ", "the second device after the change");
  console.log("second device: mentions, muted");

  await first.reload();
  await login(first);
  await expectShown(first, "mentions", "muted until ", "after a reload");
  if (!(await first.isVisible("#unmute")) || await first.isVisible("#mute-1h")) throw new Error("a muted channel offers to mute");
  console.log("reloaded: mentions, muted");

  await first.click("#unmute");
  await expectShown(first, "mentions", "", "after unmuting");
  await first.selectOption("#notify-level", "none");
  await first.click("#mute-forever");
  await expectShown(first, "none", "muted until unmuted", "after muting until unmuted");
  await first.reload();
  await login(first);
  await expectShown(first, "none", "muted until unmuted", "after another reload");
  console.log("reloaded: none, muted until unmuted");
} finally {
  await browser.close();
}
