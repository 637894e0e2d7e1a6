package dev.credbroker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.credbroker.testsupport.Browser;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.BrokerScenario;
import dev.credbroker.testsupport.MotoServer;

/**
 * The operator console in a real browser (headless Chromium) against a broker calling
 * moto: sign in with the admin token, open an MFA session with a code and see the time
 * left, rotate a workload's token and see the new one once, read the audit filtered by
 * workload. moto runs without IAM auth, where GetSessionToken accepts any 6-digit code.
 */
@EnabledIf(value = "dev.credbroker.testsupport.Browser#isAvailable",
		disabledReason = "no Chromium and chromedriver (apt-get install chromium chromium-driver)")
class ConsoleBrowserIT {

	private static final String MFA_SERIAL = "arn:aws:iam::123456789012:mfa/ops";

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	@Order(1)
	static final MotoServer moto = MotoServer.withoutAuth();

	static BrokerApp broker;

	static BrokerScenario scenario;

	static String appToken;

	ChromeDriver browser;

	WebDriverWait wait;

	@BeforeAll
	static void start(@TempDir Path dataDir) {
		broker = BrokerScenario.broker(dataDir, moto.endpoint()).start();
		scenario = new BrokerScenario(broker);
		scenario.mfaSource("ops", moto.iam().broker(), MFA_SERIAL);
		scenario.staticSource("main", moto.iam().broker());
		appToken = scenario.assumeRole("app", "main", moto.iam().appRoleArn());
		scenario.assumeRole("other", "main", moto.iam().appRoleArn());
		scenario.okCredentials(appToken);
	}

	@AfterAll
	static void stop() {
		if (broker != null) {
			broker.close();
		}
	}

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.start(Path.of(System.getProperty("basedir", "."), "target", "chromedriver.log"));
		this.wait = new WebDriverWait(this.browser, WAIT);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void anOperatorOpensAnMfaSessionRotatesATokenAndReadsTheAudit() {
		signIn();
		assertThat(text("#status dd[data-status='Readiness']")).isEqualTo("ACCEPTING_TRAFFIC");
		assertThat(text("#status dd[data-status='STS circuit us-east-1']")).isEqualTo("CLOSED");

		// MFA: a malformed code is explained in words, a good one opens the session
		WebElement ops = row("sources", "ops");
		assertThat(ops.findElement(By.cssSelector(".mfa-state")).getText()).startsWith("none");
		enterMfaCode("12");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(
				By.cssSelector("tr[data-source='ops'] .result"), "The code was not sent to AWS"));
		assertThat(text("tr[data-source='ops'] .result")).contains("6-digit code");
		enterMfaCode("123456");
		this.wait.until(ExpectedConditions.textMatches(By.cssSelector("tr[data-source='ops'] td.time-left"),
				java.util.regex.Pattern.compile("1[12] h \\d+ min")));
		assertThat(text("tr[data-source='ops'] .mfa-state")).startsWith("active until");
		assertThat(text("tr[data-source='ops'] .result")).startsWith("Session open until");
		assertThat(scenario.adminGet("/admin/v1/sources/ops").json().get("mfaSession").get("active").asBoolean())
			.isTrue();

		// Workloads: state and last issuance, then rotation showing the new token once
		assertThat(text("tr[data-workload='app'] .enabled")).isEqualTo("enabled");
		this.wait.until(ExpectedConditions
			.textToBePresentInElementLocated(By.cssSelector("tr[data-workload='app'] .last-issuance"), ": success"));
		assertThat(text("tr[data-workload='other'] .last-issuance")).isEqualTo("none recorded");
		click("tr[data-workload='app'] button.rotate");
		this.wait.until(ExpectedConditions.alertIsPresent()).accept();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
		String newToken = text("#new-token-value");
		assertThat(newToken).isNotBlank().isNotEqualTo(appToken);
		assertThat(text("#new-token-workload")).isEqualTo("app");
		scenario.okCredentials(newToken);
		click("#new-token-done");
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("new-token")));
		assertThat(this.browser.getPageSource()).as("shown once, then gone from the page").doesNotContain(newToken);
		assertThat(this.browser.executeScript("return document.cookie")).isEqualTo("");
		assertThat(this.browser.executeScript("return localStorage.length")).isEqualTo(0L);
		assertThat(this.browser.executeScript("return JSON.stringify(sessionStorage)").toString())
			.doesNotContain(newToken);

		// Dry run
		click("tr[data-workload='app'] button.dry-run");
		this.wait.until(ExpectedConditions
			.textToBePresentInElementLocated(By.cssSelector("tr[data-workload='app'] .result"), "Dry run: STS issues"));

		// Audit, filtered by workload
		WebElement filter = this.browser.findElement(By.id("audit-workload"));
		filter.clear();
		filter.sendKeys("app");
		click("#audit-show");
		this.wait.until((driver) -> auditActions().contains("POST /admin/v1/workloads/{name}/token"));
		assertThat(auditActions()).contains("issue", "dry-run", "PUT /admin/v1/workloads/{name}");
		assertThat(cellTexts("#audit tbody td.event-workload")).containsOnly("app");

		assertThat(cspViolations()).isEmpty();
		screenshot("console.png");
	}

	@Test
	void aWrongTokenIsRefusedAndNothingIsShown() {
		this.browser.get(broker.baseUri().resolve("/console").toString());
		this.browser.findElement(By.id("admin-token")).sendKeys("not-the-admin-token");
		click("#sign-in");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-message"),
				"admin token was not accepted"));
		assertThat(this.browser.findElement(By.id("console")).isDisplayed()).isFalse();
		assertThat(this.browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
	}

	private void signIn() {
		this.browser.get(broker.baseUri().resolve("/console").toString());
		assertThat(this.browser.getTitle()).isEqualTo("Credential Broker console");
		this.browser.findElement(By.id("admin-token")).sendKeys(BrokerApp.ADMIN_TOKEN);
		click("#sign-in");
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-source='ops']")));
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#status dd")));
	}

	private void enterMfaCode(String code) {
		WebElement input = this.browser.findElement(By.cssSelector("tr[data-source='ops'] input.code"));
		input.clear();
		input.sendKeys(code);
		click("tr[data-source='ops'] button.open-session");
	}

	private WebElement row(String table, String name) {
		String attribute = table.equals("sources") ? "data-source" : "data-workload";
		return this.browser.findElement(By.cssSelector("#" + table + " tr[" + attribute + "='" + name + "']"));
	}

	private List<String> auditActions() {
		return cellTexts("#audit tbody td.event-action");
	}

	/** Read in one script: the table may be redrawn between two element reads. */
	@SuppressWarnings("unchecked")
	private List<String> cellTexts(String css) {
		return (List<String>) this.browser.executeScript(
				"return Array.from(document.querySelectorAll(arguments[0]), (cell) => cell.textContent)", css);
	}

	private void click(String css) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
	}

	private String text(String css) {
		return this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css))).getText();
	}

	/** For a look at the page after a run: {@code target/console/}. */
	private void screenshot(String name) {
		try {
			Path file = Path.of(System.getProperty("basedir", "."), "target", "console", name);
			Files.createDirectories(file.getParent());
			Files.write(file, this.browser.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What the browser logged about the Content-Security-Policy (inline code refused).
	 */
	private List<String> cspViolations() {
		return this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy"))
			.toList();
	}

}
