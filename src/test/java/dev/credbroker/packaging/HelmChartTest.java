package dev.credbroker.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints and renders {@code helm/credential-broker} with the embedded Helm of helm-java
 * (no helm binary) and checks the rendered manifests as parsed YAML.
 */
class HelmChartTest {

	static final Path CHART = Paths.get("helm", "credential-broker");
	static final Path HA_VALUES = CHART.resolve("ci").resolve("ha-values.yaml");
	static final String RELEASE = "cb";
	static final String NAMESPACE = "credbroker";
	static final String FULLNAME = "cb-credential-broker";

	/** helm template assumes Kubernetes v1.20 unless told; the chart needs >= 1.25. */
	static final String KUBE_VERSION = "v1.31.0";

	/**
	 * Looks like a secret; a careless chart would echo it from one of the values below.
	 */
	static final String FAKE_SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYFAKESECRET-f00d";

	// ---------------------------------------------------------------- forwarded headers

	@Test
	void forwardedHeadersAreTrustedOnlyFromTheNamedProxies() {
		Map<String, Object> env = env(
				container(render(Map.of("forwardedHeaders.trustedProxies", "10[.]0[.]3[.][0-9]+")).one("Deployment")));

		assertThat(env).containsEntry("SERVER_FORWARDHEADERSSTRATEGY", "native")
			.containsEntry("SERVER_TOMCAT_REMOTEIP_INTERNALPROXIES", "10[.]0[.]3[.][0-9]+");
	}

	// ---------------------------------------------------------------- lint

	@Test
	void lintPassesWithDefaultValues() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
	}

	@Test
	void lintPassesWithHaValues(@TempDir Path tmp) throws IOException {
		// helm-java's lint takes no values file: lint a copy whose values.yaml is
		// values.yaml deep-merged with ci/ha-values.yaml (what `helm lint -f` does).
		Path copy = tmp.resolve("credential-broker");
		copyTree(CHART, copy);
		Map<String, Object> merged = deepMerge(loadMap(CHART.resolve("values.yaml")), loadMap(HA_VALUES));
		Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(merged));

		LintResult result = new Helm(copy).lint().strict().call();
		assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
	}

	// ---------------------------------------------------------------- default values

	@Test
	void defaultValuesRenderSingleReplicaOnEmbeddedStore() {
		Rendered r = render(Map.of());

		assertThat(r.kinds()).containsExactlyInAnyOrder("ServiceAccount", "PersistentVolumeClaim", "Service",
				"Deployment");
		Map<String, Object> deploy = r.one("Deployment");
		assertThat(at(deploy, "spec.replicas")).isEqualTo(1);
		assertThat(at(deploy, "spec.strategy.type")).isEqualTo("Recreate");

		Map<String, Object> c = container(deploy);
		assertProbes(c, "http", "HTTP");
		assertSecurityContext(deploy);
		assertSecretRefs(c, "credential-broker");

		Map<String, Object> env = env(c);
		assertThat(env).containsEntry("SERVER_PORT", "8080")
			.containsEntry("CREDBROKER_DATA_DIR", "/app/data")
			.containsEntry("CREDBROKER_PUBLIC_URL", "http://" + FULLNAME + "." + NAMESPACE + ".svc:8080")
			.containsEntry("CREDBROKER_STS_REGION", "us-east-1")
			.containsEntry("SERVER_FORWARDHEADERSSTRATEGY", "none")
			.doesNotContainKeys("SPRING_DATASOURCE_URL", "SERVER_SSL_BUNDLE", "MANAGEMENT_SERVER_PORT",
					"SERVER_TOMCAT_REMOTEIP_INTERNALPROXIES");
		// embedded store: the broker may generate the master key itself
		assertThat(at(env.get("CREDBROKER_MASTER_KEY"), "valueFrom.secretKeyRef.optional")).isEqualTo(true);
		// present only during a master key rotation
		assertThat(map(at(env.get("CREDBROKER_MASTER_PREVIOUS_KEYS"), "valueFrom.secretKeyRef")))
			.containsEntry("name", "credential-broker")
			.containsEntry("key", "previous-master-keys")
			.containsEntry("optional", true);

		Map<String, Object> data = volume(deploy, "data").orElseThrow();
		assertThat(at(data, "persistentVolumeClaim.claimName")).isEqualTo(FULLNAME + "-data");
		assertThat(mountPaths(c)).containsEntry("data", "/app/data")
			.containsEntry("tmp", "/tmp")
			.doesNotContainKey("tls");
		assertThat(volume(deploy, "tmp").orElseThrow()).containsKey("emptyDir");

		Map<String, Object> svc = r.one("Service");
		assertThat(list(svc, "spec.ports")).singleElement()
			.satisfies(p -> assertThat(map(p)).containsEntry("name", "http").containsEntry("port", 8080));
	}

	@Test
	void embeddedStoreWithoutPersistenceUsesEmptyDir() {
		Rendered r = render(Map.of("persistence.enabled", false));
		assertThat(r.kinds()).doesNotContain("PersistentVolumeClaim");
		assertThat(volume(r.one("Deployment"), "data").orElseThrow()).containsKey("emptyDir");
	}

	// ---------------------------------------------------------------- HA values

	@Test
	void haValuesRenderPostgresTlsPdbServiceMonitorAndNetworkPolicy() {
		Rendered r = render(Map.of(), HA_VALUES);

		assertThat(r.kinds()).containsExactlyInAnyOrder("ServiceAccount", "Service", "Deployment",
				"PodDisruptionBudget", "ServiceMonitor", "NetworkPolicy");
		Map<String, Object> deploy = r.one("Deployment");
		assertThat(at(deploy, "spec.replicas")).isEqualTo(3);
		assertThat(at(deploy, "spec.strategy.type")).isEqualTo("RollingUpdate");

		Map<String, Object> c = container(deploy);
		// separate management port: probes on it, plain HTTP
		assertProbes(c, "management", "HTTP");
		assertSecurityContext(deploy);
		assertSecretRefs(c, "credential-broker");

		Map<String, Object> env = env(c);
		assertThat(env).containsEntry("SERVER_PORT", "8443")
			.containsEntry("MANAGEMENT_SERVER_PORT", "8081")
			.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql.databases.svc:5432/credbroker")
			.containsEntry("SPRING_DATASOURCE_USERNAME", "credbroker")
			.containsEntry("CREDBROKER_PUBLIC_URL", "https://" + FULLNAME + "." + NAMESPACE + ".svc:8443")
			.containsEntry("SERVER_SSL_BUNDLE", "credbroker")
			.containsEntry("SPRING_SSL_BUNDLE_PEM_CREDBROKER_KEYSTORE_CERTIFICATE", "/etc/credbroker/tls/tls.crt")
			.containsEntry("SPRING_SSL_BUNDLE_PEM_CREDBROKER_KEYSTORE_PRIVATE_KEY", "/etc/credbroker/tls/tls.key")
			.containsEntry("SPRING_SSL_BUNDLE_PEM_CREDBROKER_RELOAD_ON_UPDATE", "true")
			.doesNotContainKey("CREDBROKER_DATA_DIR");
		assertThat(at(env.get("SPRING_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef"))
			.isEqualTo(Map.of("name", "credential-broker", "key", "postgresql-password"));
		// PostgreSQL: the master key is mandatory
		assertThat(map(at(env.get("CREDBROKER_MASTER_KEY"), "valueFrom.secretKeyRef"))).doesNotContainKey("optional");

		// TLS secret mounted (whole directory, read-only), no data volume
		assertThat(at(volume(deploy, "tls").orElseThrow(), "secret.secretName")).isEqualTo("credential-broker-tls");
		assertThat(mountPaths(c)).containsEntry("tls", "/etc/credbroker/tls").doesNotContainKey("data");
		assertThat(volume(deploy, "data")).isEmpty();

		assertThat(r.one("Service")).satisfies(svc -> assertThat(list(svc, "spec.ports"))
			.extracting(p -> ((Map<?, ?>) p).get("name"), p -> ((Map<?, ?>) p).get("port"))
			.containsExactly(org.assertj.core.groups.Tuple.tuple("https", 8443),
					org.assertj.core.groups.Tuple.tuple("management", 8081)));

		assertThat(at(list(deploy, "spec.template.spec.topologySpreadConstraints").get(0), "labelSelector.matchLabels"))
			.isEqualTo(at(deploy, "spec.selector.matchLabels"));

		Map<String, Object> pdb = r.one("PodDisruptionBudget");
		assertThat(at(pdb, "spec.maxUnavailable")).isEqualTo(1);
		assertThat(at(pdb, "spec.selector.matchLabels")).isEqualTo(at(deploy, "spec.selector.matchLabels"));

		Map<String, Object> sm = r.one("ServiceMonitor");
		assertThat(sm.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(list(sm, "spec.endpoints")).singleElement()
			.satisfies(e -> assertThat(map(e)).containsEntry("port", "management")
				.containsEntry("path", "/actuator/prometheus")
				.containsEntry("scheme", "http"));

		Map<String, Object> np = r.one("NetworkPolicy");
		List<Object> ingress = list(np, "spec.ingress");
		assertThat(ingress).hasSize(2);
		assertThat(at(ingress.get(0), "ports")).isEqualTo(List.of(Map.of("port", "https", "protocol", "TCP")));
		assertThat(at(ingress.get(0), "from")).asList()
			.contains(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("credbroker.dev/client", "true"))));
		assertThat(at(ingress.get(1), "ports")).isEqualTo(List.of(Map.of("port", "management", "protocol", "TCP")));
		assertThat(at(ingress.get(1), "from")).isEqualTo(List.of(Map.of("namespaceSelector",
				Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")))));
	}

	@Test
	void tlsWithoutManagementPortProbesAndScrapesOverHttps() {
		Rendered r = render(
				Map.of("tls.enabled", true, "tls.existingSecret", "my-tls", "serviceMonitor.enabled", true));
		Map<String, Object> c = container(r.one("Deployment"));
		assertProbes(c, "https", "HTTPS");
		assertThat(mountPaths(c)).containsEntry("tls", "/etc/credbroker/tls");
		assertThat(list(r.one("ServiceMonitor"), "spec.endpoints")).singleElement()
			.satisfies(e -> assertThat(map(e)).containsEntry("port", "https")
				.containsEntry("scheme", "https")
				.containsKey("tlsConfig"));
	}

	@Test
	void notesPrintTheExactFullUriAndTheAdminApi() {
		// client-only dry-run install: renders NOTES.txt without a cluster
		String defaults = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(defaults)
			.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=http://" + FULLNAME + "." + NAMESPACE
					+ ".svc:8080/v1/credentials")
			.contains("WARNING: TLS is off")
			.contains("/admin/v1/workloads/<name>", "-X PUT")
			.as("token files must not end in a newline")
			.contains("--from-literal=token=");
		String ha = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(HA_VALUES)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(ha)
			.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=https://" + FULLNAME + "." + NAMESPACE
					+ ".svc:8443/v1/credentials")
			.contains("NODE_EXTRA_CA_CERTS", "ignore AWS_CA_BUNDLE")
			.as("botocore's container provider ignores AWS_CA_BUNDLE (TlsIT)")
			.doesNotContain("AWS_CA_BUNDLE=")
			.doesNotContain("TLS is off");
	}

	// ---------------------------------------------------------------- optional objects

	@Test
	void serviceMonitorNetworkPolicyAndPdbOnlyWhenEnabled() {
		assertThat(render(Map.of()).kinds()).doesNotContain("ServiceMonitor", "NetworkPolicy", "PodDisruptionBudget");
		assertThat(render(Map.of("serviceMonitor.enabled", true)).kinds()).contains("ServiceMonitor")
			.doesNotContain("NetworkPolicy");
		assertThat(render(Map.of("networkPolicy.enabled", true)).kinds()).contains("NetworkPolicy")
			.doesNotContain("ServiceMonitor");
		assertThat(render(Map.of("podDisruptionBudget.enabled", true)).kinds()).contains("PodDisruptionBudget");
		assertThat(render(Map.of("serviceMonitor.enabled", false, "networkPolicy.enabled", false), HA_VALUES).kinds())
			.doesNotContain("ServiceMonitor", "NetworkPolicy")
			.contains("PodDisruptionBudget");
	}

	// ---------------------------------------------------------------- secrets

	@Test
	void noSecretValueIsEverRendered() {
		// values a careless chart would turn into a Secret, a ConfigMap or plain env
		Map<String, Object> secretish = new LinkedHashMap<>();
		secretish.put("masterKey", FAKE_SECRET);
		secretish.put("adminToken", FAKE_SECRET);
		secretish.put("secrets.masterKey", FAKE_SECRET);
		secretish.put("secrets.adminToken", FAKE_SECRET);
		secretish.put("postgresql.password", FAKE_SECRET);
		secretish.put("tls.key", FAKE_SECRET);
		secretish.put("auth.token", FAKE_SECRET);

		for (Rendered r : List.of(render(secretish), render(secretish, HA_VALUES))) {
			assertThat(r.text()).doesNotContain(FAKE_SECRET);
			assertThat(r.kinds()).doesNotContain("Secret", "ConfigMap");
			assertThat(r.text()).doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
			// every env var is either a plain non-secret value or a secretKeyRef
			Map<String, Object> env = env(container(r.one("Deployment")));
			for (String name : List.of("CREDBROKER_MASTER_KEY", "CREDBROKER_MASTER_PREVIOUS_KEYS",
					"CREDBROKER_ADMIN_TOKEN")) {
				assertThat(map(env.get(name))).as(name).containsOnlyKeys("valueFrom");
			}
		}
	}

	// ---------------------------------------------------------------- failures

	// (helm lint runs templates in "lint mode", where `fail` is only logged, so
	// these guards are checked with helm template.)
	@Test
	void severalReplicasWithoutPostgresqlFailWithClearMessage() {
		assertThatThrownBy(() -> render(Map.of("replicaCount", 3)))
			.hasMessageContaining("replicaCount=3 requires PostgreSQL")
			.hasMessageContaining("embedded H2 store cannot be shared")
			.hasMessageContaining("postgresql.url");
		// and the HA file without its database url
		assertThatThrownBy(() -> render(Map.of("postgresql.url", ""), HA_VALUES))
			.hasMessageContaining("requires PostgreSQL");
	}

	@Test
	void missingExistingSecretFailsWithClearMessage() {
		assertThatThrownBy(() -> render(Map.of("existingSecret", "")))
			.hasMessageContaining("existingSecret is required");
	}

	@Test
	void tlsWithoutSecretFailsWithClearMessage() {
		assertThatThrownBy(() -> render(Map.of("tls.enabled", true))).hasMessageContaining("tls.existingSecret");
	}

	// ================================================================ helpers

	record Rendered(String text, List<Map<String, Object>> docs) {
		List<String> kinds() {
			return docs.stream().map(d -> (String) d.get("kind")).collect(Collectors.toList());
		}

		Map<String, Object> one(String kind) {
			List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
			assertThat(found).as("exactly one %s in\n%s", kind, text).hasSize(1);
			return found.get(0);
		}
	}

	static Rendered render(Map<String, Object> sets) {
		return render(sets, null);
	}

	@SuppressWarnings("unchecked")
	static Rendered render(Map<String, Object> sets, Path valuesFile) {
		TemplateCommand cmd = new Helm(CHART).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		if (valuesFile != null) {
			cmd = cmd.withValuesFile(valuesFile);
		}
		for (Map.Entry<String, Object> e : sets.entrySet()) {
			cmd = cmd.set(e.getKey(), e.getValue());
		}
		String text = cmd.call();
		List<Map<String, Object>> docs = new ArrayList<>();
		for (Object doc : new Yaml().loadAll(text)) {
			if (doc != null) {
				docs.add((Map<String, Object>) doc);
			}
		}
		assertThat(docs).allSatisfy(d -> assertThat(d).containsKeys("apiVersion", "kind", "metadata"));
		return new Rendered(text, docs);
	}

	static void assertProbes(Map<String, Object> c, String port, String scheme) {
		assertThat(at(c, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(c, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(c, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(at(c, probe + ".httpGet.port")).as(probe).isEqualTo(port);
			assertThat(at(c, probe + ".httpGet.scheme")).as(probe).isEqualTo(scheme);
		}
	}

	static void assertSecurityContext(Map<String, Object> deploy) {
		Map<String, Object> pod = map(at(deploy, "spec.template.spec.securityContext"));
		assertThat(pod).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", 65532)
			.containsEntry("runAsGroup", 65532)
			.containsEntry("fsGroup", 65532);
		assertThat(at(pod, "seccompProfile.type")).isEqualTo("RuntimeDefault");
		Map<String, Object> c = map(at(container(deploy), "securityContext"));
		assertThat(c).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("privileged", false);
		assertThat(at(c, "capabilities.drop")).isEqualTo(List.of("ALL"));
		assertThat(at(c, "seccompProfile.type")).isEqualTo("RuntimeDefault");
		assertThat(at(deploy, "spec.template.spec.automountServiceAccountToken")).isEqualTo(false);
	}

	static void assertSecretRefs(Map<String, Object> c, String secret) {
		Map<String, Object> env = env(c);
		assertThat(map(at(env.get("CREDBROKER_MASTER_KEY"), "valueFrom.secretKeyRef"))).containsEntry("name", secret)
			.containsEntry("key", "master-key");
		assertThat(map(at(env.get("CREDBROKER_ADMIN_TOKEN"), "valueFrom.secretKeyRef"))).containsEntry("name", secret)
			.containsEntry("key", "admin-token");
	}

	static Map<String, Object> container(Map<String, Object> deploy) {
		List<Object> containers = list(deploy, "spec.template.spec.containers");
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

	/**
	 * Env by name: the plain value, or the whole entry (minus name) when it uses
	 * valueFrom.
	 */
	static Map<String, Object> env(Map<String, Object> c) {
		Map<String, Object> env = new LinkedHashMap<>();
		for (Object o : list(c, "env")) {
			Map<String, Object> e = new LinkedHashMap<>(map(o));
			String name = (String) e.remove("name");
			assertThat(env).as("duplicate env %s", name).doesNotContainKey(name);
			env.put(name, e.containsKey("value") ? e.get("value") : e);
		}
		return env;
	}

	static Optional<Map<String, Object>> volume(Map<String, Object> deploy, String name) {
		return list(deploy, "spec.template.spec.volumes").stream()
			.map(HelmChartTest::map)
			.filter(v -> name.equals(v.get("name")))
			.findFirst();
	}

	static Map<String, Object> mountPaths(Map<String, Object> c) {
		Map<String, Object> mounts = new LinkedHashMap<>();
		list(c, "volumeMounts").stream()
			.map(HelmChartTest::map)
			.forEach(m -> mounts.put((String) m.get("name"), m.get("mountPath")));
		return mounts;
	}

	static Object at(Object node, String path) {
		Object cur = node;
		for (String key : path.split("\\.")) {
			assertThat(cur).as("parent of '%s' in path %s", key, path).isInstanceOf(Map.class);
			cur = ((Map<?, ?>) cur).get(key);
		}
		return cur;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object o) {
		assertThat(o).isInstanceOf(Map.class);
		return (Map<String, Object>) o;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node, String path) {
		Object o = at(node, path);
		assertThat(o).as(path).isInstanceOf(List.class);
		return (List<Object>) o;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> loadMap(Path file) throws IOException {
		return new LinkedHashMap<>((Map<String, Object>) new Yaml().load(Files.readString(file)));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> override) {
		Map<String, Object> out = new LinkedHashMap<>(base);
		override.forEach((k, v) -> {
			Object b = out.get(k);
			out.put(k, b instanceof Map && v instanceof Map
					? deepMerge((Map<String, Object>) b, (Map<String, Object>) v) : v);
		});
		return out;
	}

	static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			paths.forEach(p -> {
				try {
					Path target = to.resolve(from.relativize(p).toString());
					if (Files.isDirectory(p)) {
						Files.createDirectories(target);
					}
					else {
						Files.copy(p, target);
					}
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
	}

}
