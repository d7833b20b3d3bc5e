package io.multiws.tests.tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser client's own tests, in Debian's headless Chromium driven through Selenium:
 * {@code client-tests.html} imports {@code /multi-ws/client.js} as the starter serves it,
 * runs each test against the wire test application's {@code client} endpoint (ids,
 * history, presence and replies on) and leaves its results in {@code window.results}.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "server.address=127.0.0.1",
				"multi-ws.endpoints.client.history.size=5", "multi-ws.endpoints.client.history.message-ids=true",
				"multi-ws.endpoints.client.presence.enabled=true", "multi-ws.endpoints.client.presence.push-diffs=true",
				"multi-ws.endpoints.client.presence.anonymous-view=full",
				"multi-ws.endpoints.client.replies.enabled=true" })
class ClientScriptBrowserTests {

	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

	private static ChromeDriver browser;

	private static Path profile;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser() throws IOException {
		assertThat(Files.isExecutable(CHROMIUM))
			.as("%s is missing: the browser client's tests need Debian's chromium and chromium-driver "
					+ "(apt-get install -y chromium chromium-driver, as .ci/run does)", CHROMIUM)
			.isTrue();
		assertThat(Files.isExecutable(CHROMEDRIVER))
			.as("%s is missing: apt-get install -y chromium-driver (as .ci/run does)", CHROMEDRIVER)
			.isTrue();
		profile = Files.createTempDirectory("multi-ws-client-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile);
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
	@SuppressWarnings("unchecked")
	void everyTestOfTheClientPassesInChromium() {
		browser.get("http://127.0.0.1:" + this.port + "/client-tests.html");
		await("the client's tests to finish in the page").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Boolean.TRUE.equals(browser.executeScript("return window.done === true")));
		List<Map<String, Object>> results = (List<Map<String, Object>>) browser
			.executeScript("return window.results");
		assertThat(results).as("the tests of client-tests.html").hasSizeGreaterThanOrEqualTo(12);
		assertThat(results).as("failed tests of the browser client")
			.filteredOn((result) -> !Boolean.TRUE.equals(result.get("ok")))
			.isEmpty();
	}

}
