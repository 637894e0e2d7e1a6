package dev.credbroker.crypto.web;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.credbroker.crypto.MasterKeyRotation;

/**
 * {@code POST /admin/v1/master-key/reseal}: after a master key rotation, re-seals every
 * secret of the store under the current key and answers how many values of each kind were
 * re-sealed.
 */
@RestController
class MasterKeyAdminController {

	private final MasterKeyRotation rotation;

	MasterKeyAdminController(MasterKeyRotation rotation) {
		this.rotation = rotation;
	}

	@PostMapping("/admin/v1/master-key/reseal")
	Map<String, Integer> reseal() {
		return this.rotation.resealAll();
	}

}
