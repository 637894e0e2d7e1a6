package dev.credbroker.admin;

import static dev.credbroker.testsupport.AdminBodies.assumeRole;
import static dev.credbroker.testsupport.AdminBodies.staticSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.credbroker.testsupport.AdminSteps;
import dev.credbroker.testsupport.BrokerApp;
import dev.credbroker.testsupport.HttpJson;
import dev.credbroker.testsupport.HttpJson.Response;
import dev.credbroker.testsupport.PostgresDatabase;

/**
 * {@code GET /admin/v1/workloads} and {@code /sources} page by name: {@code limit}
 * (default 100, at most 1000), an opaque {@code cursor}, the body a JSON array as before,
 * the next page in a {@code Link: <...>; rel="next"} header that the last page lacks. On
 * the embedded store and on PostgreSQL, since each reads its page with LIMIT.
 */
class PaginationIT {

	private static final int WORKLOADS = 250;

	private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

	private static final List<String> NAMES = IntStream.range(0, WORKLOADS)
		.mapToObj((i) -> String.format("w-%03d", i))
		.toList();

	/** A workload whose list entry must carry its rotated-out token's grace end. */
	private static final String ROTATED = "w-150";

	abstract static class Lists {

		abstract BrokerApp broker();

		static void populate(BrokerApp broker) {
			AdminSteps steps = new AdminSteps(broker);
			for (String source : List.of("s-c", "s-a", "s-b", "s-e", "s-d")) {
				steps.putSource(source, staticSource());
			}
			List<String> shuffled = new ArrayList<>(NAMES);
			Collections.shuffle(shuffled);
			shuffled.forEach((name) -> steps.createWorkload(name, assumeRole("s-a")));
			assertThat(broker.admin().post("/admin/v1/workloads/" + ROTATED + "/token", null).status()).isEqualTo(201);
			for (String issuer : List.of("i-b", "i-c", "i-a")) {
				Response put = broker.admin()
					.put("/admin/v1/issuers/" + issuer, "{\"issuer\":\"https://" + issuer
							+ ".example.com\",\"audiences\":[\"credential-broker\"]}");
				assertThat(put.status()).as(put.body()).isEqualTo(201);
			}
		}

		HttpJson admin() {
			return broker().admin();
		}

		@Test
		void walkingTheLinkHeadersVisitsEveryWorkloadOnceInNameOrder() {
			List<String> seen = new ArrayList<>();
			List<Integer> pageSizes = new ArrayList<>();
			String next = "/admin/v1/workloads?limit=100";
			while (next != null) {
				Response page = admin().get(next);
				assertThat(page.status()).as(page.body()).isEqualTo(200);
				assertThat(page.json().isArray()).isTrue();
				pageSizes.add(page.json().size());
				for (JsonNode workload : page.json()) {
					seen.add(workload.get("name").asString());
					assertThat(workload.has("token")).isFalse();
					assertThat(workload.has("tokensInGraceUntil"))
						.as(workload.get("name").asString() + " has a rotated-out token in grace")
						.isEqualTo(workload.get("name").asString().equals(ROTATED));
				}
				next = nextLink(page);
				if (next != null) {
					assertThat(next).startsWith("/admin/v1/workloads?").contains("limit=100").contains("cursor=");
				}
			}
			assertThat(pageSizes).containsExactly(100, 100, 50);
			assertThat(seen).isEqualTo(NAMES);
		}

		@Test
		void withoutParametersTheFirstHundredAndALinkToTheRest() {
			Response first = admin().get("/admin/v1/workloads");
			assertThat(first.status()).isEqualTo(200);
			assertThat(names(first)).isEqualTo(NAMES.subList(0, 100));
			assertThat(nextLink(first)).contains("limit=100");
			Response second = admin().get(nextLink(first));
			assertThat(names(second)).isEqualTo(NAMES.subList(100, 200));
		}

		@Test
		void aPageHoldingTheRestHasNoLinkHeader() {
			Response all = admin().get("/admin/v1/workloads?limit=1000");
			assertThat(names(all)).isEqualTo(NAMES);
			assertThat(all.header("Link")).isNull();
			Response exact = admin().get("/admin/v1/workloads?limit=250");
			assertThat(names(exact)).isEqualTo(NAMES);
			assertThat(exact.header("Link")).as("the page ends exactly at the last workload").isNull();
		}

		@Test
		void sourcesPageTheSameWay() {
			List<String> seen = new ArrayList<>();
			int pages = 0;
			String next = "/admin/v1/sources?limit=2";
			while (next != null) {
				Response page = admin().get(next);
				assertThat(page.status()).as(page.body()).isEqualTo(200);
				seen.addAll(names(page));
				pages++;
				next = nextLink(page);
			}
			assertThat(seen).containsExactly("s-a", "s-b", "s-c", "s-d", "s-e");
			assertThat(pages).isEqualTo(3);
		}

		@Test
		void issuersPageTheSameWay() {
			Response first = admin().get("/admin/v1/issuers?limit=2");
			assertThat(first.status()).as(first.body()).isEqualTo(200);
			assertThat(names(first)).containsExactly("i-a", "i-b");
			Response rest = admin().get(nextLink(first));
			assertThat(names(rest)).containsExactly("i-c");
			assertThat(nextLink(rest)).isNull();
			assertThat(admin().get("/admin/v1/issuers?limit=0").status()).isEqualTo(400);
		}

		@ParameterizedTest
		@ValueSource(strings = { "0", "-1", "1001", "ten", "1.5", "" })
		void aBadLimitIs400NamingLimit(String limit) {
			for (String list : List.of("/admin/v1/workloads", "/admin/v1/sources")) {
				assertRefusedNaming(admin().get(list + "?limit=" + limit), "limit");
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "!!!", "%25%25", "AAAA", "" })
		void aMalformedCursorIs400NamingCursor(String cursor) {
			for (String list : List.of("/admin/v1/workloads", "/admin/v1/sources")) {
				assertRefusedNaming(admin().get(list + "?cursor=" + cursor), "cursor");
			}
		}

		@Test
		void pagesNeedTheAdminToken() {
			assertThat(broker().client(null).get("/admin/v1/workloads?limit=5").status()).isEqualTo(401);
		}

		private static void assertRefusedNaming(Response refused, String field) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
		}

		private static List<String> names(Response page) {
			List<String> names = new ArrayList<>();
			page.json().forEach((entry) -> names.add(entry.get("name").asString()));
			return names;
		}

		private static String nextLink(Response page) {
			String link = page.header("Link");
			if (link == null) {
				return null;
			}
			Matcher next = NEXT.matcher(link);
			assertThat(next.matches()).as(link).isTrue();
			return next.group(1);
		}

	}

	@Nested
	class EmbeddedStore extends Lists {

		static BrokerApp broker;

		@BeforeAll
		static void start(@TempDir Path dataDir) {
			broker = BrokerApp.on(dataDir).unreachableSts().start();
			populate(broker);
		}

		@AfterAll
		static void stop() {
			broker.close();
		}

		@Override
		BrokerApp broker() {
			return broker;
		}

	}

	@Nested
	class OnPostgres extends Lists {

		static PostgresDatabase database;

		static BrokerApp broker;

		@BeforeAll
		static void start(@TempDir Path dataDir) {
			database = PostgresDatabase.createOrSkip();
			broker = BrokerApp.on(dataDir)
				.postgres(database)
				.masterKey(java.util.Base64.getEncoder().encodeToString(new byte[32]))
				.unreachableSts()
				.start();
			populate(broker);
		}

		@AfterAll
		static void stop() {
			if (broker != null) {
				broker.close();
			}
			if (database != null) {
				database.close();
			}
		}

		@Override
		BrokerApp broker() {
			return broker;
		}

	}

}
