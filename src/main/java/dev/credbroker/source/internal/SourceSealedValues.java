package dev.credbroker.source.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.credbroker.crypto.SealedValues;

/**
 * The sealed values of this feature: sources' secret access keys and MFA sessions' secret
 * keys and session tokens, re-sealed in a master key rotation.
 */
@Component
class SourceSealedValues implements SealedValues {

	private final SourceStore store;

	SourceSealedValues(SourceStore store) {
		this.store = store;
	}

	@Override
	public Map<String, Integer> resealAll() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("sources", this.store.resealSources());
		counts.put("mfaSessions", this.store.resealMfaSessions());
		return counts;
	}

}
