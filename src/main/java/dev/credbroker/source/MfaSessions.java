package dev.credbroker.source;

import java.util.Optional;

/** The MFA sessions opened for sources whose long-lived keys sit behind an MFA device. */
public interface MfaSessions {

	Optional<MfaSession> current(String sourceName);

	/** Stores a new session (replacing any) and makes issuance from the source use it. */
	void save(MfaSession session);

	/**
	 * @return whether there was a session to end
	 */
	boolean end(String sourceName);

}
