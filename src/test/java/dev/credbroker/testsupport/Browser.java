package dev.credbroker.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through chromedriver, both from the system (Debian's
 * {@code chromium} and {@code chromium-driver}; {@code CHROMIUM_BINARY} and
 * {@code CHROMEDRIVER} point elsewhere), never downloaded by Selenium Manager. Browser
 * tests use it first:
 * {@code @EnabledIf("dev.credbroker.testsupport.Browser#isAvailable")}.
 */
public final class Browser {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

	private Browser() {
	}

	public static boolean isAvailable() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	/**
	 * A new headless browser; chromedriver's log goes to {@code logFile}. No sandbox:
	 * Chromium refuses its sandbox as root, which CI runs as.
	 */
	public static ChromeDriver start(Path logFile) {
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.withLogFile(logFile.toFile())
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
					"--window-size=1400,1200", "--no-first-run", "--disable-extensions");
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		return driver;
	}

}
