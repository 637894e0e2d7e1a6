package dev.credbroker.issuance.internal;

import org.springframework.stereotype.Service;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.common.InvalidRequestException;
import dev.credbroker.common.NotFoundException;
import dev.credbroker.issuance.IssuanceDiagnostics;
import dev.credbroker.issuance.IssuanceException;
import dev.credbroker.issuance.IssuedCredentials;
import dev.credbroker.issuance.StsProperties;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.workload.Workload;
import dev.credbroker.workload.WorkloadCatalog;

@Service
class StsDiagnostics implements IssuanceDiagnostics {

	static final int ENCODED_MESSAGE_MAX = 10240;

	private final WorkloadCatalog workloads;

	private final SourceCatalog sources;

	private final RecipeIssuer issuer;

	private final SourceCredentials sourceCredentials;

	private final StsGateway sts;

	private final StsProperties properties;

	private final AuditLog audit;

	StsDiagnostics(WorkloadCatalog workloads, SourceCatalog sources, RecipeIssuer issuer,
			SourceCredentials sourceCredentials, StsGateway sts, StsProperties properties, AuditLog audit) {
		this.workloads = workloads;
		this.sources = sources;
		this.issuer = issuer;
		this.sourceCredentials = sourceCredentials;
		this.sts = sts;
		this.properties = properties;
		this.audit = audit;
	}

	@Override
	public DryRun dryRun(String workloadName) {
		Workload workload = this.workloads.get(workloadName);
		Source source = this.sources.get(workload.source());
		IssuedCredentials issued;
		try {
			issued = this.issuer.issue(workload, source);
		}
		catch (IssuanceException ex) {
			this.audit
				.record(dryRunEvent(workload, ex.code(), workload.recipe().roleArn(), null, null, ex.getMessage()));
			throw ex;
		}
		var asIssued = StaticCredentialsProvider.create(AwsSessionCredentials.create(issued.accessKeyId(),
				issued.secretAccessKey().reveal(), issued.sessionToken().reveal()));
		GetCallerIdentityResponse identity = this.sts.call(this.properties.regionOf(source),
				StsCall.of("GetCallerIdentity", null, "the dry-run credentials of workload " + workloadName),
				(client) -> client.getCallerIdentity(
						(request) -> request.overrideConfiguration((config) -> config.credentialsProvider(asIssued))));
		this.audit.record(
				dryRunEvent(workload, "success", issued.roleArn(), issued.accessKeyId(), issued.expiration(), null));
		return new DryRun(identity.arn(), identity.account(),
				issued.expiration().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
	}

	@Override
	public String decodeAuthorizationMessage(String sourceName, String encodedMessage) {
		if (sourceName == null) {
			throw InvalidRequestException.of("source", "is required: the source whose identity may decode");
		}
		if (encodedMessage == null || encodedMessage.isBlank() || encodedMessage.length() > ENCODED_MESSAGE_MAX) {
			throw InvalidRequestException.of("encodedMessage", "must be the encoded message of an AccessDenied "
					+ "error, 1-" + ENCODED_MESSAGE_MAX + " characters");
		}
		Source source = this.sources.find(sourceName)
			.orElseThrow(() -> new NotFoundException("No source named '" + sourceName + "'"));
		var signing = this.sourceCredentials.signingFor(source).provider();
		return this.sts.call(this.properties.regionOf(source),
				StsCall.of("DecodeAuthorizationMessage", sourceName, "an encoded authorization message"),
				(client) -> client.decodeAuthorizationMessage((request) -> request.encodedMessage(encodedMessage)
					.overrideConfiguration((config) -> config.credentialsProvider(signing))))
			.decodedMessage();
	}

	/** A dry run is an admin's action on a workload's recipe. */
	private static AuditEvent dryRunEvent(Workload workload, String outcome, String roleArn, String accessKeyId,
			java.time.Instant expiration, String detail) {
		return new AuditEvent(null, null, "admin", workload.name(), "dry-run", outcome, null, roleArn, accessKeyId,
				expiration, detail);
	}

}
