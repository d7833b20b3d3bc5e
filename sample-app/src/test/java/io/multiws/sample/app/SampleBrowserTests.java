package io.multiws.sample.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
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

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

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

}
