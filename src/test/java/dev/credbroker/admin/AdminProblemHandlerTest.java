package dev.credbroker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;

import dev.credbroker.common.StoreAvailability;

class AdminProblemHandlerTest {

	private final AdminProblemHandler handler = new AdminProblemHandler(new StoreAvailability());

	@Test
	void aDuplicateKeyIsAConcurrentChangeToTheSameName() {
		ProblemDetail problem = this.handler
			.concurrentChange(new DuplicateKeyException("insert", new SQLException("unique", "23505")));

		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getDetail()).contains("concurrent change to the same name");
	}

	@Test
	void anotherBrokenConstraintIsAConflictButNotAboutTheSameName() {
		ProblemDetail problem = this.handler.integrityViolation(
				new DataIntegrityViolationException("insert", new SQLException("foreign key", "23503")));

		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getDetail()).doesNotContain("same name");
	}

	@Test
	void aValueTooLongForItsColumnIsNotReportedAsAConflict() {
		// Logged as an unexpected failure; silenced here to keep the build quiet.
		Logger log = (Logger) LoggerFactory.getLogger(AdminProblemHandler.class);
		Level level = log.getLevel();
		log.setLevel(Level.OFF);
		ProblemDetail problem;
		try {
			problem = this.handler.integrityViolation(
					new DataIntegrityViolationException("insert", new SQLException("value too long", "22001")));
		}
		finally {
			log.setLevel(level);
		}

		assertThat(problem.getStatus()).isEqualTo(500);
		assertThat(problem.getDetail()).doesNotContain("concurrent");
	}

}
