package io.multiws.sample.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsSession;
import io.multiws.sample.chat.ChatEndpoint.ChatMessage;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample in a real browser, Debian's headless Chromium driven through Selenium: two
 * pages chat in one room, a third page in another room sees nothing, the dashboard shows
 * both rooms with their session counts and the ticker page updates. On failure each
 * window's screenshot is saved under {@code target/browser-screenshots}.
 *
 * @author multi-ws team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class SampleBrowserTests {

	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

	private static ChromeDriver browser;

	private static Path profile;

	@LocalServerPort
	private int port;

	@Autowired
	private WsHubs hubs;

	@Autowired
	private HandshakeGate gate;

	private final Map<String, String> windows = new LinkedHashMap<>();

	@BeforeAll
	static void startBrowser() throws IOException {
		assertThat(Files.isExecutable(CHROMIUM))
			.as("%s is missing: the browser test needs Debian's chromium and chromium-driver "
					+ "(apt-get install -y chromium chromium-driver, as .ci/run does)", CHROMIUM)
			.isTrue();
		assertThat(Files.isExecutable(CHROMEDRIVER))
			.as("%s is missing: apt-get install -y chromium-driver (as .ci/run does)", CHROMEDRIVER)
			.isTrue();
		profile = Files.createTempDirectory("multi-ws-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	@Test
	void chatRoomsTheDashboardAndTheTickerWorkInABrowser() throws IOException {
		try {
			open("index", "/");
			browser.findElement(By.id("link-chat")).click();
			await("the chat page").atMost(WAIT).until(() -> browser.getCurrentUrl().endsWith("/chat.html"));
			joinRoom("index", "alpha");
			open("alpha-2", "/chat.html");
			joinRoom("alpha-2", "alpha");
			open("beta", "/chat.html");
			joinRoom("beta", "beta");

			send("index", "hello from the first page");
			awaitLog("alpha-2", "hello from the first page");
			awaitLog("index", "hello from the first page");
			// A session's messages arrive in order: a message that leaked into the other room
			// would be shown before one sent there after it
			send("beta", "anyone in beta?");
			awaitLog("beta", "anyone in beta?");
			assertThat(log("beta")).doesNotContain("hello from the first page");
			send("index", "alpha again");
			awaitLog("index", "alpha again");
			awaitLog("alpha-2", "alpha again");
			assertThat(log("index")).doesNotContain("anyone in beta?");
			assertThat(log("alpha-2")).doesNotContain("anyone in beta?");

			open("dashboard", "/dashboard.html");
			await("the dashboard shows both rooms").atMost(WAIT).untilAsserted(() -> {
				assertThat(hubSessions("/chat/alpha")).isEqualTo("2");
				assertThat(hubSessions("/chat/beta")).isEqualTo("1");
			});
			assertThat(on("dashboard").findElement(By.cssSelector("tr[data-endpoint='chat'] td.sessions")).getText())
				.isEqualTo("3");
			assertThat(browser.findElement(By.id("status")).getText()).startsWith("live");

			open("ticker", "/ticker.html?symbol=ACME");
			await("a first quote").atMost(WAIT).until(() -> !sequence().equals("-"));
			String first = sequence();
			await("the ticker updates").atMost(WAIT).until(() -> !sequence().equals(first));
			assertThat(on("ticker").findElement(By.id("symbol")).getText()).isEqualTo("ACME");
		}
		catch (Throwable failure) {
			try {
				screenshots();
			}
			catch (IOException | RuntimeException ex) {
				failure.addSuppressed(ex);
			}
			throw failure;
		}
	}

	private void send(String window, String text) {
		on(window).findElement(By.id("message")).sendKeys(text);
		browser.findElement(By.id("send-button")).click();
	}

	private void open(String name, String path) {
		if (this.windows.isEmpty()) {
			this.windows.put(name, browser.getWindowHandle());
		}
		else {
			browser.switchTo().newWindow(WindowType.WINDOW);
			this.windows.put(name, browser.getWindowHandle());
		}
		browser.get("http://127.0.0.1:" + this.port + path);
	}

	private WebDriver on(String name) {
		return browser.switchTo().window(this.windows.get(name));
	}

	private void joinRoom(String window, String room) {
		WebElement input = on(window).findElement(By.id("room"));
		input.clear();
		input.sendKeys(room);
		browser.findElement(By.id("join-button")).click();
		awaitLog(window, "joined /chat/" + room);
	}

	private void awaitLog(String window, String text) {
		await(window + " shows '" + text + "'").atMost(WAIT).until(() -> log(window).contains(text));
	}

	private String log(String window) {
		return on(window).findElement(By.id("log")).getText();
	}

	private String hubSessions(String path) {
		try {
			return on("dashboard").findElement(By.cssSelector("tr[data-hub='" + path + "'] td.sessions")).getText();
		}
		catch (NoSuchElementException ex) {
			return "no row";
		}
	}

	private String sequence() {
		return on("ticker").findElement(By.id("sequence")).getText();
	}

	private void screenshots() throws IOException {
		Files.createDirectories(SCREENSHOTS);
		for (Map.Entry<String, String> window : this.windows.entrySet()) {
			try {
				byte[] png = ((TakesScreenshot) browser.switchTo().window(window.getValue()))
					.getScreenshotAs(OutputType.BYTES);
				Files.write(SCREENSHOTS.resolve(window.getKey() + ".png"), png);
			}
			catch (RuntimeException ex) {
				Files.writeString(SCREENSHOTS.resolve(window.getKey() + ".txt"), "No screenshot: " + ex);
			}
		}
	}


	/**
	 * Close the windows of a test, in a fresh one, so that the sessions of one test are not
	 * counted in the next (a page navigated away may keep its connection in Chromium's
	 * back-forward cache).
	 */
	@AfterEach
	void closeWindows() {
		if (this.windows.isEmpty()) {
			return;
		}
		browser.switchTo().newWindow(WindowType.WINDOW);
		String fresh = browser.getWindowHandle();
		for (String handle : this.windows.values()) {
			browser.switchTo().window(handle).close();
		}
		browser.switchTo().window(fresh);
		await("the chat pages of the test gone").atMost(WAIT)
			.untilAsserted(() -> assertThat(this.hubs.hubs("chat")).flatMap(WsHub::sessions).isEmpty());
	}

	// The pages on multi-ws.js: resume, gap, presence and requests

	@Test
	void theChatPageResumesAfterADroppedConnectionShowsTheGapPresenceAndRequestReplies() throws IOException {
		try {
			open("ann", "/chat.html");
			joinAs("ann", "resume", "ann");
			open("ben", "/chat.html");
			joinAs("ben", "resume", "ben");
			await("ann sees ben join").atMost(WAIT).until(() -> members("ann").contains("ben"));
			script("ann", "window.notReloaded = true");

			// The server drops ann's connection; her reconnects are refused while ben sends three messages
			this.gate.refuse("ann");
			drop("/chat/resume", "ann");
			awaitLog("ann", "connection lost, reconnecting...");
			await("ben sees ann leave").atMost(WAIT).until(() -> !members("ben").contains("ann"));
			for (String text : List.of("one", "two", "three")) {
				say("ben", text);
			}
			awaitLog("ben", "ben: three");
			this.gate.admit();
			await("ann back with the three messages").atMost(WAIT).until(() -> lines("ann").contains("ben: three"));
			await("ben sees ann again").atMost(WAIT).until(() -> members("ben").contains("ann"));
			for (String text : List.of("one", "two", "three")) {
				assertThat(lines("ann")).as("'%s' on ann's page", text).containsOnlyOnce("ben: " + text);
			}
			assertThat(script("ann", "return window.notReloaded === true")).as("no reload").isEqualTo(true);

			// Away longer than the history (50 messages): a gap, then the kept ones
			this.gate.refuse("ann");
			drop("/chat/resume", "ann");
			await("ann disconnected again").atMost(WAIT)
				.until(() -> lines("ann").stream().filter("connection lost, reconnecting..."::equals).count() >= 2);
			for (int i = 0; i < 60; i++) {
				this.hubs.broadcast("/chat/resume", new ChatMessage("bot", "filler " + i, Instant.now()));
			}
			this.gate.admit();
			awaitLog("ann", "away too long: showing the last messages");
			await("the kept messages").atMost(WAIT).until(() -> lines("ann").contains("bot: filler 59"));
			assertThat(lines("ann")).contains("bot: filler 10").doesNotContain("bot: filler 9", "ben: three");

			// A request answered, and one the server does not answer within the page's 5 s
			say("ann", "/time");
			await("the answer to /time").atMost(WAIT)
				.until(() -> lines("ann").stream().anyMatch((line) -> line.startsWith("server time ")));
			say("ann", "/wait 30");
			awaitLog("ann", "no answer to /wait 30 within 5 s");
		}
		catch (Throwable failure) {
			screenshots();
			throw failure;
		}
	}

	@Test
	void thePollsPageVotesThroughMultiWsJs() throws IOException {
		try {
			open("polls", "/polls.html");
			await("the tally").atMost(WAIT)
				.until(() -> !on("polls").findElements(By.cssSelector("button[data-option='pizza']")).isEmpty());
			await("a vote counted").atMost(WAIT).until(() -> {
				on("polls").findElement(By.cssSelector("button[data-option='sushi']")).click();
				return !on("polls").findElements(By.cssSelector("#tally .bar[data-option='sushi']")).isEmpty();
			});
			assertThat(on("polls").findElement(By.cssSelector("#tally .bar[data-option='sushi'] .name")).getText())
				.matches("sushi \\d+");
		}
		catch (Throwable failure) {
			screenshots();
			throw failure;
		}
	}

	private void joinAs(String window, String room, String name) {
		WebElement nameInput = on(window).findElement(By.id("name"));
		nameInput.clear();
		nameInput.sendKeys(name);
		joinRoom(window, room);
		await(window + " connected").atMost(WAIT).until(() -> on(window).findElement(By.id("message")).isEnabled());
	}

	private void say(String window, String text) {
		await(window + " connected").atMost(WAIT).until(() -> on(window).findElement(By.id("message")).isEnabled());
		on(window).findElement(By.id("message")).sendKeys(text);
		browser.findElement(By.id("send-button")).click();
	}

	private @Nullable Object script(String window, String script) {
		on(window);
		return browser.executeScript(script);
	}

	private List<String> lines(String window) {
		return Arrays.asList(log(window).split("\n"));
	}

	private List<String> members(String window) {
		return Arrays.asList(on(window).findElement(By.id("members")).getText().split("\n"));
	}

	private void drop(String path, String name) {
		WsSession session = this.hubs.find(path)
			.orElseThrow()
			.sessions()
			.stream()
			.filter((candidate) -> name.equals(candidate.attributes().get(WsPresence.KEY_ATTRIBUTE)))
			.findFirst()
			.orElseThrow();
		session.close(WsCloseStatus.GOING_AWAY.withReason("Dropped by the test"));
	}

	/**
	 * Refuses the chat upgrades of one name with 503 while asked to, so that a page stays
	 * away as long as the test needs.
	 */
	static class HandshakeGate {

		private volatile @Nullable String refused;

		void refuse(String name) {
			this.refused = name;
		}

		void admit() {
			this.refused = null;
		}

		boolean refuses(@Nullable String name) {
			return name != null && name.equals(this.refused);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GateConfiguration {

		@Bean
		HandshakeGate handshakeGate() {
			return new HandshakeGate();
		}

		@Bean
		Filter handshakeGateFilter(HandshakeGate gate) {
			return (request, response, chain) -> {
				HttpServletRequest http = (HttpServletRequest) request;
				if (http.getRequestURI().startsWith("/chat/") && gate.refuses(http.getParameter("name"))) {
					((HttpServletResponse) response).sendError(503);
					return;
				}
				chain.doFilter(request, response);
			};
		}

	}

}
