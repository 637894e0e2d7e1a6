package dev.credbroker.source;

/** Shows an access key id the way operators recognise it without disclosing it whole. */
public final class AccessKeyIds {

	private AccessKeyIds() {
	}

	/** {@code AKIAIOSFODNN7EXAMPLE} becomes {@code AKIA…MPLE}. */
	public static String mask(String accessKeyId) {
		if (accessKeyId == null) {
			return null;
		}
		if (accessKeyId.length() < 12) {
			return "…";
		}
		return accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
	}

}
