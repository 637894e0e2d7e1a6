package dev.credbroker.crypto.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.credbroker.common.ConflictException;
import dev.credbroker.crypto.MasterKeyRotation;
import dev.credbroker.crypto.SealedValues;
import dev.credbroker.crypto.SecretSealer;
import dev.credbroker.crypto.SecretUnsealException;

/**
 * Re-seals every feature's sealed values and the master key check under the current key,
 * all in one transaction: a value that opens with no configured key rolls everything
 * back.
 */
@Service
class MasterKeyRotationService implements MasterKeyRotation {

	private final List<SealedValues> features;

	private final MasterKeyCheck check;

	MasterKeyRotationService(List<SealedValues> features, JdbcClient jdbc, SecretSealer sealer) {
		this.features = features;
		this.check = new MasterKeyCheck(jdbc, sealer);
	}

	@Override
	@Transactional
	public Map<String, Integer> resealAll() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		try {
			for (SealedValues feature : this.features) {
				feature.resealAll().forEach((kind, count) -> counts.merge(kind, count, Integer::sum));
			}
			counts.put("masterKeyCheck", this.check.reseal());
		}
		catch (SecretUnsealException ex) {
			throw new ConflictException(ex.getMessage() + ". Nothing was re-sealed: add the key it was sealed with "
					+ "to CREDBROKER_MASTER_PREVIOUS_KEYS, restart, and try again.");
		}
		counts.put("total", counts.values().stream().mapToInt(Integer::intValue).sum());
		return counts;
	}

}
