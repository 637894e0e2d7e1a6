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

	/** The defaults plus the plain-HTTP waiver (rendering the bare defaults fails). */
	static final Path LOOPBACK_VALUES = CHART.resolve("ci").resolve("loopback-values.yaml");
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
		lintPassesWith(HA_VALUES, tmp);
	}

	@Test
	void lintPassesWithLoopbackValues(@TempDir Path tmp) throws IOException {
		lintPassesWith(LOOPBACK_VALUES, tmp);
	}

	static void lintPassesWith(Path values, Path tmp) throws IOException {
		// helm-java's lint takes no values file: lint a copy whose values.yaml is
		// values.yaml deep-merged with ci/ha-values.yaml (what `helm lint -f` does).
		Path copy = tmp.resolve("credential-broker");
		copyTree(CHART, copy);
		Map<String, Object> merged = deepMerge(loadMap(CHART.resolve("values.yaml")), loadMap(values));
		Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(merged));

		LintResult result = new Helm(copy).lint().strict().call();
		assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
	}

	// ---------------------------------------------------------------- default values

	@Test
	void loopbackValuesRenderSingleReplicaOnEmbeddedStore() {
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
		assertThat(list(svc, "spec.ports"))
			.extracting(p -> ((Map<?, ?>) p).get("name"), p -> ((Map<?, ?>) p).get("port"))
			.containsExactly(org.assertj.core.groups.Tuple.tuple("http", 8080),
					org.assertj.core.groups.Tuple.tuple("admin", 8444));
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
					org.assertj.core.groups.Tuple.tuple("admin", 8444),
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
		assertThat(ingress).hasSize(3);
		assertThat(at(ingress.get(0), "ports")).isEqualTo(List.of(Map.of("port", "https", "protocol", "TCP")));
		assertThat(at(ingress.get(0), "from")).asList()
			.contains(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("credbroker.dev/client", "true"))));
		assertThat(at(ingress.get(1), "ports")).isEqualTo(List.of(Map.of("port", "admin", "protocol", "TCP")));
		assertThat(at(ingress.get(1), "from")).isEqualTo(List.of(Map.of("podSelector", Map.of())));
		assertThat(at(ingress.get(2), "ports")).isEqualTo(List.of(Map.of("port", "management", "protocol", "TCP")));
		assertThat(at(ingress.get(2), "from")).isEqualTo(List.of(Map.of("namespaceSelector",
				Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")))));
		assertThat(list(np, "spec.policyTypes")).containsExactly("Ingress", "Egress");
		assertThat(egressPorts(np)).containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP", "5432/TCP");
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
		String loopback = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(LOOPBACK_VALUES)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(loopback).contains("TLS is waived")
			.contains("port-forward svc/" + FULLNAME + " 8080:8080")
			.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:8080/v1/credentials")
			.doesNotContain("AWS_CONTAINER_CREDENTIALS_FULL_URI=http://" + FULLNAME)
			.contains("/admin/v1/workloads/<name>", "-X PUT");
		assertThat(loopback + ha(NAMESPACE)).as("no sidecar layout is offered").doesNotContainIgnoringCase("sidecar");
		assertThat(ha(NAMESPACE))
			.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=https://" + FULLNAME + "." + NAMESPACE
					+ ".svc:8443/v1/credentials")
			.contains("AWS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS")
			.contains("Service over TLS (the supported layout)")
			.doesNotContain("TLS is waived")
			.doesNotContain("AWS_CA_BUNDLE=")
			.as("token files must not end in a newline")
			.contains("--from-literal=token=");
	}

	static String ha(String namespace) {
		return new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(namespace)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(HA_VALUES)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
	}

	// ---------------------------------------------------------------- TLS or an explicit
	// waiver

	@Test
	void defaultValuesFailUnlessTlsIsEnabledOrWaivedForLoopback() {
		assertThatThrownBy(() -> render(Map.of("image.repository", "r/cb"), null)).hasMessageContaining("TLS is off")
			.hasMessageContaining("tls.enabled=true")
			.hasMessageContaining("tls.existingSecret")
			.hasMessageContaining("tls.insecureLoopbackOnly=true");
		assertThat(render(Map.of("tls.enabled", true, "tls.existingSecret", "my-tls", "image.repository", "r/cb"), null)
			.kinds()).contains("Deployment");
		assertThat(render(Map.of("tls.insecureLoopbackOnly", true, "image.repository", "r/cb"), null).kinds())
			.contains("Deployment");
	}

	// ---------------------------------------------------------------- graceful shutdown

	@Test
	void shutdownSleepsBeforeStoppingAndTheGracePeriodCoversTheDelayAndTheShutdownPhases() {
		Map<String, Object> deploy = render(Map.of()).one("Deployment");
		Map<String, Object> c = container(deploy);
		assertThat(at(c, "lifecycle.preStop.sleep.seconds")).isEqualTo(5);
		assertThat(env(c)).containsEntry("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "20s");
		int grace = (Integer) at(deploy, "spec.template.spec.terminationGracePeriodSeconds");
		assertThat(grace).isGreaterThan(5 + 20);

		Map<String, Object> custom = render(
				Map.of("shutdown.preStopSeconds", 10, "shutdown.timeoutPerPhaseSeconds", 30))
			.one("Deployment");
		assertThat(at(container(custom), "lifecycle.preStop.sleep.seconds")).isEqualTo(10);
		assertThat(env(container(custom))).containsEntry("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "30s");
		assertThat((Integer) at(custom, "spec.template.spec.terminationGracePeriodSeconds")).isGreaterThan(10 + 30);

		assertThat(container(render(Map.of("shutdown.preStopSeconds", 0)).one("Deployment")))
			.doesNotContainKey("lifecycle");
		assertThat(env(c)).as("the preStop sleep does it").doesNotContainKey("CREDBROKER_SHUTDOWN_DELAY");
		assertThat(at(render(Map.of("terminationGracePeriodSeconds", 90)).one("Deployment"),
				"spec.template.spec.terminationGracePeriodSeconds"))
			.isEqualTo(90);
		assertThatThrownBy(() -> render(Map.of("terminationGracePeriodSeconds", 25)))
			.hasMessageContaining("terminationGracePeriodSeconds=25 must exceed");
	}

	@Test
	void beforeKubernetes130TheBrokerWaitsItselfInsteadOfAPreStopSleep() {
		Map<String, Object> deploy = render(Map.of(), LOOPBACK_VALUES, "v1.29.4").one("Deployment");

		assertThat(container(deploy)).doesNotContainKey("lifecycle");
		assertThat(env(container(deploy))).containsEntry("CREDBROKER_SHUTDOWN_DELAY", "5s");
	}

	// ---------------------------------------------------------------- network policy and
	// admin port

	@Test
	void adminApiGetsItsOwnPortAndIngressRuleWhileClientNamespacesReachOnlyTheCredentialsPort() {
		Rendered r = render(Map.of("networkPolicy.enabled", true, "networkPolicy.adminNamespaceLabels.team", "ops"));
		Map<String, Object> c = container(r.one("Deployment"));
		assertThat(env(c)).containsEntry("CREDBROKER_ADMIN_PORT", "8444");
		assertThat(list(c, "ports")).contains(Map.of("name", "admin", "containerPort", 8444, "protocol", "TCP"));
		List<Object> ingress = list(r.one("NetworkPolicy"), "spec.ingress");
		assertThat(ingress).hasSize(2);
		assertThat(at(ingress.get(0), "ports")).isEqualTo(List.of(Map.of("port", "http", "protocol", "TCP")));
		assertThat(at(ingress.get(1), "ports")).isEqualTo(List.of(Map.of("port", "admin", "protocol", "TCP")));
		assertThat(at(ingress.get(1), "from")).isEqualTo(List.of(Map.of("podSelector", Map.of()),
				Map.of("namespaceSelector", Map.of("matchLabels", Map.of("team", "ops")))));

		// admin.port=0: the admin API stays on the service port, no admin rule
		Rendered shared = render(Map.of("networkPolicy.enabled", true, "admin.port", 0));
		assertThat(env(container(shared.one("Deployment")))).doesNotContainKey("CREDBROKER_ADMIN_PORT");
		assertThat(list(shared.one("NetworkPolicy"), "spec.ingress")).singleElement()
			.satisfies((rule) -> assertThat(at(rule, "ports"))
				.isEqualTo(List.of(Map.of("port", "http", "protocol", "TCP"))));
		assertThatThrownBy(() -> render(Map.of("admin.port", 8080))).hasMessageContaining("admin.port must differ");
	}

	@Test
	void monitoringRuleNeverOpensTheCredentialsPort() {
		// actuator on the service port: no monitoring rule at all
		List<Object> ingress = list(render(Map.of("networkPolicy.enabled", true)).one("NetworkPolicy"), "spec.ingress");
		assertThat(ingress).noneSatisfy(
				(rule) -> assertThat(String.valueOf(at(rule, "from"))).contains("kubernetes.io/metadata.name"));
		assertThatThrownBy(() -> render(Map.of("networkPolicy.enabled", true, "serviceMonitor.enabled", true)))
			.hasMessageContaining("needs management.port");
	}

	@Test
	void emptyNamespaceSelectorsAreRefused(@TempDir Path tmp) throws IOException {
		Path noClients = tmp.resolve("no-clients.yaml");
		Files.writeString(noClients,
				"image: {repository: r/cb}\ntls: {insecureLoopbackOnly: true}\nnetworkPolicy:\n  enabled: true\n"
						+ "  clientNamespaceLabels: null\n");
		assertThatThrownBy(() -> render(Map.of(), noClients))
			.hasMessageContaining("networkPolicy.clientNamespaceLabels must not be empty");
		Path noMonitoring = tmp.resolve("no-monitoring.yaml");
		Files.writeString(noMonitoring,
				"image: {repository: r/cb}\ntls: {insecureLoopbackOnly: true}\nmanagement: {port: 8081}\n"
						+ "networkPolicy:\n  enabled: true\n  monitoringNamespaceLabels: null\n");
		assertThatThrownBy(() -> render(Map.of(), noMonitoring))
			.hasMessageContaining("networkPolicy.monitoringNamespaceLabels must not be empty");
	}

	@Test
	void egressAllowsDnsStsAndTheDatabasePortsOnly() {
		Map<String, Object> embedded = render(Map.of("networkPolicy.enabled", true)).one("NetworkPolicy");
		assertThat(egressPorts(embedded)).containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP");

		Map<String, Object> custom = render(
				Map.of("sts.endpoint", "https://vpce-1.sts.us-east-1.vpce.amazonaws.com:8443", "postgresql.url",
						"jdbc:postgresql://db-a:6432,db-b/credbroker?ssl=true"),
				HA_VALUES)
			.one("NetworkPolicy");
		assertThat(egressPorts(custom)).containsExactlyInAnyOrder("53/UDP", "53/TCP", "8443/TCP", "6432/TCP",
				"5432/TCP");
		Map<String, Object> narrowed = render(
				Map.of("networkPolicy.enabled", true, "networkPolicy.egress.stsTo[0].ipBlock.cidr", "10.0.0.0/16"))
			.one("NetworkPolicy");
		assertThat(list(narrowed, "spec.egress").get(1))
			.isEqualTo(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.0.0/16"))), "ports",
					List.of(Map.of("port", 443, "protocol", "TCP"))));
	}

	static List<String> egressPorts(Map<String, Object> np) {
		List<String> ports = new ArrayList<>();
		for (Object rule : list(np, "spec.egress")) {
			for (Object port : list(rule, "ports")) {
				ports.add(at(port, "port") + "/" + at(port, "protocol"));
			}
		}
		return ports;
	}

	// ---------------------------------------------------------------- Kubernetes
	// service-account tokens as workload identity

	static final String SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

	@Test
	void kubernetesIdentityDeclaresTheInClusterIssuerWithItsTokenMountRbacAndApiServerEgress() {
		Rendered r = render(Map.of("identity.kubernetes.enabled", true, "networkPolicy.enabled", true));
		Map<String, Object> deploy = r.one("Deployment");
		Map<String, Object> c = container(deploy);

		assertThat(env(c)).containsEntry("CREDBROKER_ISSUERS_KUBERNETES_ISSUER", "https://kubernetes.default.svc")
			.containsEntry("CREDBROKER_ISSUERS_KUBERNETES_JWKS_URI", "https://kubernetes.default.svc/openid/v1/jwks")
			.containsEntry("CREDBROKER_ISSUERS_KUBERNETES_AUDIENCES", "credential-broker")
			.containsEntry("CREDBROKER_ISSUERS_KUBERNETES_CA_CERTIFICATE_FILE", SA_DIR + "/ca.crt")
			.containsEntry("CREDBROKER_ISSUERS_KUBERNETES_BEARER_TOKEN_FILE", SA_DIR + "/token");

		// the broker's own token and the cluster CA, at the paths the issuer reads, and
		// nothing mounted automatically besides
		assertThat(mountPaths(c)).containsEntry("serviceaccount-token", SA_DIR);
		assertThat(list(c, "volumeMounts")).filteredOn(m -> "serviceaccount-token".equals(map(m).get("name")))
			.singleElement()
			.satisfies(m -> assertThat(map(m)).containsEntry("readOnly", true));
		assertThat(list(volume(deploy, "serviceaccount-token").orElseThrow(), "projected.sources"))
			.containsExactly(Map.of("serviceAccountToken", Map.of("path", "token", "expirationSeconds", 3607)), Map.of(
					"configMap",
					Map.of("name", "kube-root-ca.crt", "items", List.of(Map.of("key", "ca.crt", "path", "ca.crt")))));
		assertThat(at(deploy, "spec.template.spec.automountServiceAccountToken")).isEqualTo(false);

		Map<String, Object> binding = r.one("ClusterRoleBinding");
		assertThat(binding.get("apiVersion")).isEqualTo("rbac.authorization.k8s.io/v1");
		assertThat(at(binding, "metadata.name")).isEqualTo(NAMESPACE + "-" + FULLNAME + "-issuer-discovery");
		assertThat(at(binding, "roleRef")).isEqualTo(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind",
				"ClusterRole", "name", "system:service-account-issuer-discovery"));
		assertThat(at(binding, "subjects"))
			.isEqualTo(List.of(Map.of("kind", "ServiceAccount", "name", FULLNAME, "namespace", NAMESPACE)));
		assertThat(at(r.one("ServiceAccount"), "metadata.name")).isEqualTo(FULLNAME);

		Map<String, Object> np = r.one("NetworkPolicy");
		assertThat(egressPorts(np)).containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP", "443/TCP", "6443/TCP");
		assertThat(list(np, "spec.egress")).contains(Map.of("ports",
				List.of(Map.of("port", 443, "protocol", "TCP"), Map.of("port", 6443, "protocol", "TCP"))));
	}

	@Test
	void kubernetesIssuerApiServerAddressAndBindingAreConfigurable() {
		Rendered r = render(Map.of("identity.kubernetes.enabled", true, "identity.kubernetes.issuer",
				"https://kubernetes.default.svc.cluster.local", "identity.kubernetes.jwksUri", "",
				"identity.kubernetes.audiences[0]", "credential-broker", "identity.kubernetes.audiences[1]",
				"sts.example.com", "identity.kubernetes.createClusterRoleBinding", false, "serviceAccount.name",
				"broker", "networkPolicy.enabled", true, "networkPolicy.egress.apiServerTo[0].ipBlock.cidr",
				"172.18.0.2/32", "networkPolicy.egress.apiServerPorts[0]", 6443));

		assertThat(env(container(r.one("Deployment"))))
			.containsEntry("CREDBROKER_ISSUERS_KUBERNETES_ISSUER", "https://kubernetes.default.svc.cluster.local")
			.containsEntry("CREDBROKER_ISSUERS_KUBERNETES_AUDIENCES", "credential-broker,sts.example.com")
			.as("no jwksUri: OIDC discovery at the issuer")
			.doesNotContainKey("CREDBROKER_ISSUERS_KUBERNETES_JWKS_URI");
		assertThat(r.kinds()).doesNotContain("ClusterRoleBinding");
		assertThat(list(r.one("NetworkPolicy"), "spec.egress"))
			.contains(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "172.18.0.2/32"))), "ports",
					List.of(Map.of("port", 6443, "protocol", "TCP"))));

		Map<String, Object> binding = render(
				Map.of("identity.kubernetes.enabled", true, "serviceAccount.name", "broker"))
			.one("ClusterRoleBinding");
		assertThat(at(binding, "subjects"))
			.isEqualTo(List.of(Map.of("kind", "ServiceAccount", "name", "broker", "namespace", NAMESPACE)));
	}

	@Test
	void withoutKubernetesIdentityThereIsNoIssuerTokenMountBindingOrApiServerEgress() {
		for (Rendered r : List.of(render(Map.of("networkPolicy.enabled", true)), render(Map.of(), HA_VALUES),
				render(Map.of("identity.kubernetes.enabled", false, "networkPolicy.enabled", true)))) {
			assertThat(r.kinds()).doesNotContain("ClusterRoleBinding", "ClusterRole", "RoleBinding", "Role");
			Map<String, Object> deploy = r.one("Deployment");
			Map<String, Object> c = container(deploy);
			assertThat(env(c).keySet()).noneMatch(name -> name.startsWith("CREDBROKER_ISSUERS_"));
			assertThat(mountPaths(c)).doesNotContainKey("serviceaccount-token").doesNotContainValue(SA_DIR);
			assertThat(volume(deploy, "serviceaccount-token")).isEmpty();
			assertThat(at(deploy, "spec.template.spec.automountServiceAccountToken")).isEqualTo(false);
			assertThat(egressPorts(r.one("NetworkPolicy"))).doesNotContain("6443/TCP");
			assertThat(r.text()).doesNotContain("issuer-discovery", "kube-root-ca.crt");
		}
		assertThat(egressPorts(render(Map.of("networkPolicy.enabled", true)).one("NetworkPolicy")))
			.containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP");
	}

	@Test
	void kubernetesIssuerValuesAreCheckedByTheSchema(@TempDir Path tmp) throws IOException {
		assertThatThrownBy(() -> render(Map.of("identity.kubernetes.enabled", true, "identity.kubernetes.issuer",
				"http://kubernetes.default.svc")))
			.hasMessageContaining("issuer");
		Path noAudience = tmp.resolve("no-audience.yaml");
		Files.writeString(noAudience, Files.readString(LOOPBACK_VALUES)
				+ "\nidentity:\n  kubernetes:\n    enabled: true\n    audiences: []\n");
		assertThatThrownBy(() -> render(Map.of(), noAudience)).hasMessageContaining("audiences");
		Path noPorts = tmp.resolve("no-ports.yaml");
		Files.writeString(noPorts, Files.readString(LOOPBACK_VALUES)
				+ "\nnetworkPolicy:\n  enabled: true\n  egress:\n    apiServerPorts: []\n");
		assertThatThrownBy(() -> render(Map.of(), noPorts)).hasMessageContaining("apiServerPorts");
		assertThatThrownBy(() -> render(Map.of("identity.kubernetes.enable", true))).hasMessageContaining("enable");
		assertThatThrownBy(() -> render(Map.of("identity.kubernetes.token", FAKE_SECRET)))
			.hasMessageContaining("additional properties")
			.hasMessageNotContaining(FAKE_SECRET);
	}

	@Test
	void lintPassesWithKubernetesIdentity(@TempDir Path tmp) throws IOException {
		Path values = tmp.resolve("identity-values.yaml");
		Files.writeString(values, Files.readString(HA_VALUES) + "\nidentity:\n  kubernetes:\n    enabled: true\n");
		Path chart = Files.createDirectories(tmp.resolve("lint"));
		lintPassesWith(values, chart);
		assertThat(render(Map.of(), values).kinds()).contains("ClusterRoleBinding", "NetworkPolicy");
	}

	@Test
	void notesOfferTheServiceAccountTokenWhenTheKubernetesIssuerIsDeclared() {
		String notes = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(LOOPBACK_VALUES)
			.set("identity.kubernetes.enabled", true)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(notes).contains("\"staticToken\": false")
			.contains("\"issuer\": \"kubernetes\", \"subject\": \"system:serviceaccount:<namespace>:<serviceaccount>\"")
			.contains("audience credential-broker, expirationSeconds: 3600")
			.contains("Workloads without a secret")
			.contains("kubectl get --raw /.well-known/openid-configuration");
		String without = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(LOOPBACK_VALUES)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(without).doesNotContain("staticToken", "serviceaccount");
	}

	// ---------------------------------------------------------------- JVM sizing

	@Test
	void jvmCountsTheCpusOfItsLimitNotOfTheNode() {
		assertThat(javaToolOptions(Map.of())).as("no CPU limit").isEqualTo("-XX:ActiveProcessorCount=2");
		assertThat(javaToolOptions(Map.of("resources.limits.cpu", "500m"))).isEqualTo("-XX:ActiveProcessorCount=1");
		assertThat(javaToolOptions(Map.of("resources.limits.cpu", "1500m"))).isEqualTo("-XX:ActiveProcessorCount=2");
		assertThat(javaToolOptions(Map.of("resources.limits.cpu", 4))).isEqualTo("-XX:ActiveProcessorCount=4");
		assertThat(javaToolOptions(Map.of("resources.limits.cpu", "2.5"))).isEqualTo("-XX:ActiveProcessorCount=3");
		assertThat(javaToolOptions(
				Map.of("resources.limits.cpu", 8, "jvm.activeProcessorCount", 3, "javaToolOptions", "-Xlog:gc")))
			.isEqualTo("-XX:ActiveProcessorCount=3 -Xlog:gc");
	}

	@Test
	void memoryLimitLeavesTheJvmItsNonHeapBudget() throws IOException {
		Map<String, Object> c = container(render(Map.of()).one("Deployment"));
		// the image caps the heap at MaxRAMPercentage of the limit; ~200 MB around it
		assertThat(at(c, "resources.limits.memory")).isEqualTo("768Mi");
		DockerfileTest.read();
		String entrypoint = DockerfileTest.runtimeStage()
			.stream()
			.filter((i) -> i.startsWith("ENTRYPOINT "))
			.reduce((a, b) -> b)
			.orElseThrow();
		java.util.regex.Matcher percent = java.util.regex.Pattern.compile("-XX:MaxRAMPercentage=(\\d+)")
			.matcher(entrypoint);
		assertThat(percent.find()).isTrue();
		assertThat(768 * Integer.parseInt(percent.group(1)) / 100 + 200).isLessThan(768);
		assertThat(at(c, "resources.requests.memory")).as("the node reserves what the JVM may grow into")
			.isEqualTo("768Mi");
		assertThat(render(Map.of("resources.limits.memory", "1Gi")).kinds()).contains("Deployment");
		assertThat(render(Map.of("resources.limits.memory", "512Mi")).kinds()).contains("Deployment");
		assertThatThrownBy(() -> render(Map.of("resources.limits.memory", "256Mi")))
			.hasMessageContaining("resources.limits.memory=256Mi is too small");
		assertThatThrownBy(() -> render(Map.of("resources.limits.memory", "300M"))).hasMessageContaining("too small");
	}

	static String javaToolOptions(Map<String, Object> sets) {
		return (String) env(container(render(sets).one("Deployment"))).get("JAVA_TOOL_OPTIONS");
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
		for (Rendered r : List.of(render(Map.of()), render(Map.of(), HA_VALUES))) {
			assertThat(r.kinds()).doesNotContain("Secret", "ConfigMap");
			assertThat(r.text()).doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
			// every secret env var is a secretKeyRef
			Map<String, Object> env = env(container(r.one("Deployment")));
			for (String name : List.of("CREDBROKER_MASTER_KEY", "CREDBROKER_MASTER_PREVIOUS_KEYS",
					"CREDBROKER_ADMIN_TOKEN")) {
				assertThat(map(env.get(name))).as(name).containsOnlyKeys("valueFrom");
			}
		}
	}

	@Test
	void valuesASecretCouldBeGivenInOrTyposAreRefusedByTheSchema() {
		// values a careless chart would turn into a Secret, a ConfigMap or plain env
		for (String key : List.of("masterKey", "adminToken", "secrets.masterKey", "postgresql.password", "tls.key",
				"auth.token")) {
			for (Path values : new Path[] { LOOPBACK_VALUES, HA_VALUES }) {
				assertThatThrownBy(() -> render(Map.of(key, FAKE_SECRET), values)).as(key)
					.hasMessageContaining("additional properties")
					.hasMessageNotContaining(FAKE_SECRET);
			}
		}
		assertThatThrownBy(() -> render(Map.of("replicas", 3), HA_VALUES)).hasMessageContaining("replicas");
		assertThatThrownBy(() -> render(Map.of("service.prot", 443))).hasMessageContaining("prot");
		assertThatThrownBy(() -> render(Map.of("admin.port", "eighty"))).hasMessageContaining("admin");
	}

	// ---------------------------------------------------------------- chart hygiene

	@Test
	void podLabelsCannotRepeatSelectorLabelsAndThePodTemplateCarriesNoVersion() {
		Map<String, Object> deploy = render(Map.of("podLabels.team", "payments")).one("Deployment");
		Map<String, Object> labels = map(at(deploy, "spec.template.metadata.labels"));
		assertThat(labels).containsEntry("team", "payments")
			.containsAllEntriesOf(map(at(deploy, "spec.selector.matchLabels")))
			.as("a chart bump must not restart the pods")
			.doesNotContainKeys("helm.sh/chart", "app.kubernetes.io/version");
		assertThat(map(at(deploy, "metadata.labels"))).containsKeys("helm.sh/chart", "app.kubernetes.io/version");
		assertThatThrownBy(() -> render(Map.of("podLabels.app\\.kubernetes\\.io/instance", "other")))
			.hasMessageContaining("podLabels must not set app.kubernetes.io/instance");
	}

	@Test
	void serviceMonitorVerifiesTheBrokersCertificate() {
		Map<String, Object> endpoint = map(
				list(render(Map.of("tls.enabled", true, "tls.existingSecret", "my-tls", "serviceMonitor.enabled", true))
					.one("ServiceMonitor"), "spec.endpoints").get(0));
		assertThat(at(endpoint, "tlsConfig"))
			.isEqualTo(Map.of("insecureSkipVerify", false, "serverName", FULLNAME + "." + NAMESPACE + ".svc", "ca",
					Map.of("secret", Map.of("name", "my-tls", "key", "ca.crt"))));
		Map<String, Object> ownCa = map(
				list(render(Map.of("tls.enabled", true, "tls.existingSecret", "my-tls", "serviceMonitor.enabled", true,
						"serviceMonitor.caSecret.name", "corp-ca", "serviceMonitor.caSecret.key", "root.pem"))
					.one("ServiceMonitor"), "spec.endpoints").get(0));
		assertThat(at(ownCa, "tlsConfig.ca.secret")).isEqualTo(Map.of("name", "corp-ca", "key", "root.pem"));
	}

	@Test
	void imageRepositoryIsRequiredAndTheDefaultTagIsThePomVersion() throws IOException {
		assertThatThrownBy(() -> render(Map.of("image.repository", "")))
			.hasMessageContaining("image.repository is required");
		String pomVersion = java.util.regex.Pattern
			.compile("</parent>.*?<version>([^<]+)</version>", java.util.regex.Pattern.DOTALL)
			.matcher(Files.readString(Paths.get("pom.xml")))
			.results()
			.findFirst()
			.orElseThrow()
			.group(1);
		Map<String, Object> chart = loadMap(CHART.resolve("Chart.yaml"));
		assertThat(chart.get("appVersion")).isEqualTo(pomVersion);
		assertThat(Files.readString(Paths.get("Dockerfile")))
			.contains("org.opencontainers.image.version=\"" + pomVersion + "\"");
		assertThat(at(container(render(Map.of()).one("Deployment")), "image"))
			.isEqualTo("registry.example.com/credential-broker:" + pomVersion);
	}

	@Test
	void notesSayHowToRollThePodsAfterASecretChanges() {
		String notes = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.withValuesFile(LOOPBACK_VALUES)
			.clientOnly()
			.dryRun()
			.call()
			.getOutput();
		assertThat(notes).contains("kubectl -n " + NAMESPACE + " rollout restart deployment/" + FULLNAME);
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
		return render(sets, LOOPBACK_VALUES);
	}

	static Rendered render(Map<String, Object> sets, Path valuesFile) {
		return render(sets, valuesFile, KUBE_VERSION);
	}

	@SuppressWarnings("unchecked")
	static Rendered render(Map<String, Object> sets, Path valuesFile, String kubeVersion) {
		TemplateCommand cmd = new Helm(CHART).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(kubeVersion);
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
