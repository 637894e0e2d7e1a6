package dev.credbroker.issuance.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import dev.credbroker.issuance.StsProperties;

/**
 * Runs one AssumeRole through the whole SDK pipeline (marshalling, signing, HTTP,
 * unmarshalling) against a canned answer on a loopback port, once at start and in the
 * background, so the first real workload does not spend its 800 ms deadline loading SDK
 * classes.
 */
@Component
class StsWarmUp {

	private static final Logger log = LoggerFactory.getLogger(StsWarmUp.class);

	private static final String CANNED = """
			<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>\
			<AccessKeyId>ASIAWARMUPWARMUPWARM</AccessKeyId><SecretAccessKey>warm-up</SecretAccessKey>\
			<SessionToken>warm-up</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>\
			<AssumedRoleUser><Arn>arn:aws:sts::000000000000:assumed-role/warm-up/warm-up</Arn>\
			<AssumedRoleId>AROAWARMUP:warm-up</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>\
			<ResponseMetadata><RequestId>warm-up</RequestId></ResponseMetadata></AssumeRoleResponse>""";

	private final StsGateway sts;

	private final Executor executor;

	private final String region;

	StsWarmUp(StsGateway sts, @Qualifier("stsExecutor") Executor executor, StsProperties properties) {
		this.sts = sts;
		this.executor = executor;
		this.region = properties.region();
	}

	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		this.executor.execute(this::assumeRoleAgainstCannedAnswer);
	}

	void assumeRoleAgainstCannedAnswer() {
		HttpServer server = null;
		try {
			// The client of the default region, built here rather than on the start-up
			// path.
			this.sts.client(this.region);
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", (exchange) -> {
				byte[] body = CANNED.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "text/xml");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
			var credentials = StaticCredentialsProvider
				.create(AwsBasicCredentials.create("warm-up-key", "warm-up-secret"));
			try (var client = this.sts.newClient("us-east-1", endpoint)) {
				client.assumeRole((request) -> request.roleArn("arn:aws:iam::000000000000:role/warm-up")
					.roleSessionName("warm-up")
					.overrideConfiguration((config) -> config.credentialsProvider(credentials)));
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("STS client warm-up did not complete: {}", ex.getMessage());
		}
		finally {
			if (server != null) {
				server.stop(0);
			}
		}
	}

}
