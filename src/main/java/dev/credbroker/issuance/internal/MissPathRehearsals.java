package dev.credbroker.issuance.internal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditLog;
import dev.credbroker.common.Page;
import dev.credbroker.common.PageRequest;
import dev.credbroker.common.PutResult;
import dev.credbroker.common.StoreAvailability;
import dev.credbroker.issuance.CacheProperties;
import dev.credbroker.issuance.CredentialVending;
import dev.credbroker.issuance.MissPathRehearsal;
import dev.credbroker.issuance.StsProperties;
import dev.credbroker.source.MfaSessions;
import dev.credbroker.source.Source;
import dev.credbroker.source.SourceCatalog;
import dev.credbroker.source.SourceDefinition;
import dev.credbroker.workload.WorkloadCatalog;

/**
 * Builds {@link MissPathRehearsal} pipelines from the same classes as the real one. Only
 * the STS threads are shared: warming them is part of the point, and their work is done
 * when a rehearsal ends.
 */
@Component
class MissPathRehearsals implements MissPathRehearsal {

	/** No STS rate limit of its own gets in the way of a rehearsal. */
	private static final int UNLIMITED_CALLS_PER_SECOND = 1_000_000;

	private final StsProperties sts;

	private final CacheProperties cache;

	private final Executor stsExecutor;

	private final MfaSessions mfaSessions;

	private final Clock clock;

	MissPathRehearsals(StsProperties sts, CacheProperties cache, @Qualifier("stsExecutor") Executor stsExecutor,
			MfaSessions mfaSessions, Clock clock) {
		this.sts = sts;
		this.cache = cache;
		this.stsExecutor = stsExecutor;
		this.mfaSessions = mfaSessions;
		this.clock = clock;
	}

	@Override
	public Rehearsal open(URI endpoint, WorkloadCatalog workloads, Source source) {
		StsProperties properties = new StsProperties(this.sts.region(), endpoint, this.sts.connectTimeout(),
				this.sts.attemptTimeout(), this.sts.threads(), this.sts.retry(), this.sts.circuitBreaker(),
				new StsProperties.RateLimit(UNLIMITED_CALLS_PER_SECOND, this.sts.rateLimit().maxWait()));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StsGateway gateway = new StsGateway(properties, meters);
		SourceCredentials credentials = new SourceCredentials(this.mfaSessions, this.clock, new StoreAvailability());
		RecipeIssuer issuer = new RecipeIssuer(gateway, credentials, properties);
		CredentialVendingService vending = new CredentialVendingService(workloads, new OneSource(source), issuer,
				credentials, new IssuanceAudit(NoAudit.INSTANCE), this.cache, this.stsExecutor, this.clock, meters,
				gateway);
		return new Rehearsal() {

			@Override
			public CredentialVending vending() {
				return vending;
			}

			@Override
			public void close() {
				vending.cache().synchronous().invalidateAll();
				credentials.forget(source.name());
				gateway.destroy();
				meters.close();
			}

		};
	}

	/** A rehearsal writes no audit event. */
	private enum NoAudit implements AuditLog {

		INSTANCE;

		@Override
		public void record(AuditEvent event) {
		}

		@Override
		public List<AuditEvent> recent(String workload, String action, int limit) {
			return List.of();
		}

	}

	/** The rehearsal's one source, read-only. */
	private record OneSource(Source source) implements SourceCatalog {

		@Override
		public Optional<Source> find(String name) {
			return Optional.of(this.source).filter((only) -> only.name().equals(name));
		}

		@Override
		public Optional<Source> findForIssuance(String name) {
			return find(name);
		}

		@Override
		public Source get(String name) {
			return find(name).orElseThrow();
		}

		@Override
		public List<Source> all() {
			return List.of(this.source);
		}

		@Override
		public Page<Source> page(PageRequest request) {
			return Page.ofAll(all(), request, Source::name);
		}

		@Override
		public PutResult<Source> put(String name, SourceDefinition definition) {
			throw new UnsupportedOperationException("read-only");
		}

		@Override
		public void delete(String name) {
			throw new UnsupportedOperationException("read-only");
		}

	}

}
