package dev.clusterlink.stack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.clusterlink.security.ApiKeyFormat;
import dev.clusterlink.stack.StackSettings.Database;
import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real headless Chromium against the stack's real processes: signing
 * in with a key, the link and a mirror with its lag per partition and chart, the consumer
 * groups and the audit log, a promotion clicked through its dry run, and a viewer who
 * gets no action buttons. Screenshots of the pages go to
 * {@code target/console-screenshots} (or {@code -Dclusterlink.console.screenshots=DIR};
 * the README's are in {@code docs/console}). It starts a stack of its own (one worker)
 * rather than sharing {@link EndToEndIT}'s, whose ordered tests kill a worker, promote,
 * fail over and reverse its mirrors and point clusters at garbage servers: the console
 * needs a plain ACTIVE mirror, and neither test should depend on the other's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

	private static final String CHROMIUM = System.getProperty("clusterlink.chromium", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getProperty("clusterlink.chromedriver", "/usr/bin/chromedriver");

	private static final int WIDTH = 1280;

	private static final int HEIGHT = 900;

	private static final String LINK = "console";

	private static final String TOPIC = "orders";

	private static final String GROUP = "billing";

	private LocalStack stack;

	private Rest rest;

	private String viewerKey;

	private Path profile;

	private ChromeDriverService driverService;

	private WebDriver browser;

	private Path screenshots;

	private Database db;

	@BeforeAll
	void start() throws Exception {
		// a machine with only a JDK skips the browser test; CI
		// (CLUSTERLINK_REQUIRE_BROWSER=1) fails instead
		boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
		if ("1".equals(System.getenv("CLUSTERLINK_REQUIRE_BROWSER"))) {
			assertThat(present)
				.as("Chromium and chromedriver at %s and %s (apt-get install chromium chromium-driver)", CHROMIUM,
						CHROMEDRIVER)
				.isTrue();
		}
		org.junit.jupiter.api.Assumptions.assumeTrue(present, "Chromium or chromedriver is missing (apt-get install "
				+ "chromium chromium-driver; CLUSTERLINK_REQUIRE_BROWSER=1 fails instead)");
		startStack();
		prepareData();
		startBrowser();
	}

	private void startStack() throws IOException {
		Path root = Path.of(System.getProperty("clusterlink.root", "..")).toAbsolutePath().normalize();
		Path workDir = Path.of("target", "console-stack").toAbsolutePath();
		WorkDirs.delete(workDir);
		// a database of its own next to the run's test database: EndToEndIT's and
		// TransportSecurityIT's stacks run in the same JVM, and a stack's database keeps
		// its
		// API keys (another stack's admin key would be refused there)
		TestPostgres.Database test = TestPostgres.database();
		String name = StateStoreDatabase.databaseName(test.jdbcUrl()) + "_console";
		this.db = new Database(StateStoreDatabase.withDatabase(test.jdbcUrl(), name), test.username(), test.password());
		StackSettings settings = new StackSettings(root, workDir, this.db, Ports.freePair(), Ports.freePair(),
				Ports.free(), Ports.free(), Ports.free(), List.of(Ports.free()),
				Map.of("CLUSTERLINK_WORKER_RECONCILEINTERVAL", "1s", "CLUSTERLINK_WORKER_STATUSINTERVAL", "500ms"));
		this.stack = LocalStack.of(settings, false);
		Runtime.getRuntime().addShutdownHook(new Thread(this.stack::down));
		this.stack.up();
		this.rest = this.stack.rest();
	}

	/**
	 * A link with an ACTIVE mirror of a 3-partition topic, a synced group, a viewer key.
	 */
	private void prepareData() throws Exception {
		this.rest.post("/api/v1/clusters", Map.of("name", "source", "bootstrapServers", source())).expect(201);
		this.rest.post("/api/v1/clusters", Map.of("name", "destination", "bootstrapServers", destination()))
			.expect(201);
		try (Admin admin = admin(source())) {
			admin.createTopics(Set.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		produce(3_000);
		this.rest
			.post("/api/v1/links", Map.of("name", LINK, "sourceCluster", "source", "destinationCluster", "destination",
					"configs",
					Map.of("consumer.offset.sync.enable", true, "consumer.offset.sync.ms", 1000,
							"consumer.offset.group.filters",
							Map.of("groupFilters",
									List.of(Map.of("name", "*", "patternType", "LITERAL", "filterType", "INCLUDE"))))))
			.expect(201);
		this.rest.post("/api/v1/links/" + LINK + "/mirrors", Map.of("sourceTopic", TOPIC)).expect(201);
		try (Admin admin = admin(source())) {
			admin
				.alterConsumerGroupOffsets(GROUP,
						Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(100), new TopicPartition(TOPIC, 1),
								new OffsetAndMetadata(200), new TopicPartition(TOPIC, 2), new OffsetAndMetadata(300)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		this.viewerKey = this.rest.post("/api/v1/api-keys", Map.of("name", "console-viewer", "role", "viewer"))
			.expect(201)
			.json()
			.path("key")
			.asString();
	}

	private void startBrowser() throws IOException {
		System.setProperty("SE_OFFLINE", "true"); // never Selenium Manager: no downloads
		this.profile = Files.createTempDirectory("console-chromium-");
		this.screenshots = Path.of(System.getProperty("clusterlink.console.screenshots", "target/console-screenshots"))
			.toAbsolutePath();
		Files.createDirectories(this.screenshots);
		this.driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.withLogFile(Path.of("target", "console-chromedriver.log").toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// without the background-networking flags Chromium hangs on a closed network
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--window-size=" + WIDTH + "," + HEIGHT,
				"--user-data-dir=" + this.profile);
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		this.browser = new ChromeDriver(this.driverService, options);
		this.browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	void stop() throws IOException {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.driverService != null) {
			this.driverService.stop();
		}
		if (this.profile != null) {
			WorkDirs.delete(this.profile);
		}
		if (this.stack != null) {
			this.stack.down();
			StateStoreDatabase.drop(this.db);
		}
	}

	/** No script error, no content-security-policy violation; failed API calls aside. */
	@AfterEach
	void noScriptErrors() {
		List<String> errors = this.browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
		assertThat(errors).as("errors in the browser console").isEmpty();
	}

	@Test
	@Order(1)
	void aWrongKeyGetsTheProblemShownAndNothingElse() {
		this.browser.get(consoleUrl());
		String wrong = ApiKeyFormat.generate().value();
		type(By.id("login-key"), wrong);
		click(By.id("login-submit"));
		String problem = text(By.cssSelector("#login-problem .problem"));
		assertThat(problem).startsWith("401").contains("(unauthenticated)");
		assertThat(displayed(By.id("nav"))).isFalse();
		assertThat(this.browser.getPageSource()).doesNotContain(wrong);
		screenshot("sign-in");
	}

	@Test
	@Order(2)
	void theAdminSeesTheLinkAndAnActiveMirrorWithLagPerPartition() {
		signIn(this.stack.adminKey());
		assertThat(text(By.id("caller-role"))).isEqualTo("admin");
		By row = By.cssSelector("table.links tr[data-link='" + LINK + "']");
		waitFor((browser) -> text(row).contains("ACTIVE"));
		assertThat(text(row)).contains(LINK).contains("source → destination");
		screenshot("links");

		click(By.cssSelector("tr[data-link='" + LINK + "'] a"));
		waitFor((browser) -> text(By.cssSelector("table.mirrors tr[data-mirror='" + TOPIC + "']")).contains("ACTIVE"));
		screenshot("link");
		click(By.cssSelector("tr[data-mirror='" + TOPIC + "'] a"));
		waitFor((browser) -> present(By.cssSelector("#mirror-state [data-state='ACTIVE']")));
		produce(30_000); // some lag for the chart to show
		waitFor((browser) -> this.browser.findElements(By.cssSelector("svg.lag-chart polyline")).size() == 3
				&& samples() >= 8);
		List<WebElement> lags = this.browser.findElements(By.cssSelector("table.partitions tbody tr td.lag"));
		assertThat(lags).hasSize(3).allSatisfy((lag) -> assertThat(lag.getText()).matches("[0-9][0-9,]*"));
		assertThat(this.browser.getPageSource()).doesNotContain(this.stack.adminKey());
		screenshot("mirror");
	}

	@Test
	@Order(3)
	void theConsumerGroupsShowFailoverReadinessAndTheAuditLogTheChanges() {
		signIn(this.stack.adminKey());
		click(By.cssSelector("#nav a[data-page='groups']"));
		waitFor((browser) -> text(By.cssSelector("tr[data-group='" + GROUP + "'] .failover-ready")).equals("yes"));
		screenshot("consumer-groups");

		click(By.cssSelector("#nav a[data-page='audit']"));
		waitFor((browser) -> text(By.cssSelector("table.audit tbody")).contains("mirror.create"));
		assertThat(text(By.cssSelector("table.audit tbody"))).contains("link.create");
		screenshot("audit");
	}

	@Test
	@Order(4)
	void aViewerGetsNoActionButtons() {
		signIn(this.viewerKey);
		assertThat(text(By.id("caller-role"))).isEqualTo("viewer");
		assertThat(text(By.id("caller-name"))).isEqualTo("apikey:console-viewer");
		this.browser.get(consoleUrl() + "#/links/" + LINK);
		waitFor((browser) -> present(By.cssSelector("table.mirrors tr[data-mirror='" + TOPIC + "']")));
		assertThat(this.browser.findElements(By.cssSelector("button.action"))).isEmpty();
		this.browser.get(consoleUrl() + "#/links/" + LINK + "/mirrors/" + TOPIC + "?direction=forward");
		waitFor((browser) -> present(By.cssSelector("#mirror-state [data-state='ACTIVE']")));
		assertThat(this.browser.findElements(By.cssSelector("button.action"))).isEmpty();
		assertThat(this.browser.getPageSource()).doesNotContain(this.viewerKey);
		click(By.id("sign-out"));
		waitFor((browser) -> displayed(By.id("login")));
	}

	@Test
	@Order(5)
	void aPromotionIsClickedThroughItsDryRun() {
		signIn(this.stack.adminKey());
		this.browser.get(consoleUrl() + "#/links/" + LINK + "/mirrors/" + TOPIC + "?direction=forward");
		waitFor((browser) -> present(By.cssSelector("#mirror-state [data-state='ACTIVE']")));
		click(By.cssSelector("button.action[data-action='promote']"));
		String dryRun = text(By.id("dry-run"));
		assertThat(dryRun).contains("Dry run: nothing has changed yet").contains("ACTIVE").contains("PENDING_STOPPED");
		assertThat(this.browser.findElement(By.id("confirm-ok")).isEnabled()).isTrue();
		// the dry run changed nothing
		assertThat(mirrorState()).isEqualTo("ACTIVE");
		screenshot("promote-dialog");

		click(By.id("confirm-ok"));
		waitFor((browser) -> !displayed(By.id("confirm")));
		assertThat(text(By.id("flash"))).contains("promote " + TOPIC + ": ACTIVE → PENDING_STOPPED");
		new WebDriverWait(this.browser, Duration.ofMinutes(2)).ignoring(StaleElementReferenceException.class)
			.ignoring(NoSuchElementException.class)
			.until((browser) -> present(By.cssSelector("#mirror-state [data-state='STOPPED']")));
		assertThat(mirrorState()).isEqualTo("STOPPED");
		assertThat(this.browser.findElement(By.cssSelector("button.action[data-action='promote']")).isEnabled())
			.isFalse();
		screenshot("mirror-stopped");
		assertThat(this.rest.get("/api/v1/audit?entityType=mirror").json().toString()).contains("mirror.promote");
	}

	// ---------------------------------------------------------------------------------

	private String consoleUrl() {
		return this.stack.settings().apiUrl() + "/console/";
	}

	/** Signs out if signed in, then signs in with a key. */
	private void signIn(String key) {
		this.browser.get(consoleUrl());
		waitFor((browser) -> displayed(By.id("login")) || displayed(By.id("caller")));
		if (displayed(By.id("caller"))) {
			click(By.id("sign-out"));
		}
		type(By.id("login-key"), key);
		click(By.id("login-submit"));
		waitFor((browser) -> displayed(By.id("caller")) && present(By.cssSelector("#view table")));
	}

	private String mirrorState() {
		return this.rest.get("/api/v1/links/" + LINK + "/mirrors/" + TOPIC).expect(200).json().path("state").asString();
	}

	/** How many lag samples the chart says it has. */
	private int samples() {
		String caption = text(By.cssSelector("figure.chart figcaption"));
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\((\\d+) samples?\\)").matcher(caption);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	private void waitFor(Function<WebDriver, Boolean> condition) {
		new WebDriverWait(this.browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
			.ignoring(NoSuchElementException.class)
			.until(condition);
	}

	private String text(By by) {
		String[] text = new String[1];
		waitFor((browser) -> {
			WebElement element = browser.findElement(by);
			text[0] = element.getText();
			return element.isDisplayed();
		});
		return text[0];
	}

	private boolean present(By by) {
		return !this.browser.findElements(by).isEmpty();
	}

	private boolean displayed(By by) {
		List<WebElement> found = this.browser.findElements(by);
		try {
			return !found.isEmpty() && found.get(0).isDisplayed();
		}
		catch (StaleElementReferenceException ex) {
			return false;
		}
	}

	private void click(By by) {
		waitFor((browser) -> {
			WebElement element = browser.findElement(by);
			if (!element.isDisplayed() || !element.isEnabled()) {
				return false;
			}
			element.click();
			return true;
		});
	}

	private void type(By by, String text) {
		waitFor((browser) -> {
			WebElement element = browser.findElement(by);
			element.clear();
			element.sendKeys(text);
			return true;
		});
	}

	/**
	 * A screenshot of the whole page (Chromium's own capture beyond the viewport, through
	 * chromedriver).
	 */
	@SuppressWarnings("unchecked")
	private void screenshot(String name) {
		ChromeDriver chrome = (ChromeDriver) this.browser;
		byte[] png;
		try {
			Map<String, Object> size = (Map<String, Object>) chrome.executeCdpCommand("Page.getLayoutMetrics", Map.of())
				.get("cssContentSize");
			Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height",
					Math.max(((Number) size.get("height")).doubleValue(), HEIGHT - 140), "scale", 1);
			Map<String, Object> shot = chrome.executeCdpCommand("Page.captureScreenshot",
					Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
			png = java.util.Base64.getDecoder().decode((String) shot.get("data"));
		}
		catch (RuntimeException ex) { // the viewport then
			png = chrome.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
		}
		try {
			Files.write(this.screenshots.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private void produce(int count) {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source(), ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.LINGER_MS_CONFIG, 5),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < count; i++) {
				producer.send(new ProducerRecord<>(TOPIC, ("key-" + i).getBytes(StandardCharsets.UTF_8),
						("value-" + i).getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
		}
	}

	private static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	private String source() {
		return this.stack.settings().sourceBootstrap();
	}

	private String destination() {
		return this.stack.settings().destinationBootstrap();
	}

}
