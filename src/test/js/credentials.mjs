// Resolves credentials with the AWS SDK for JavaScript v3 default Node.js chain, exactly as a workload would:
// only AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE) are set by the caller.
// Prints one JSON line: {"accessKeyId", "expiration", "sessionToken": true|false}; exit 1 with the error otherwise.
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";

try {
  const credentials = await fromNodeProviderChain()();
  console.log(JSON.stringify({
    accessKeyId: credentials.accessKeyId,
    expiration: credentials.expiration ? credentials.expiration.toISOString() : null,
    sessionToken: Boolean(credentials.sessionToken),
  }));
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
