#!/usr/bin/env python3
"""Resolve AWS credentials with botocore's real provider chain and print them as one JSON line.

The caller sets only the standard container-credentials variables
(AWS_CONTAINER_CREDENTIALS_FULL_URI plus AWS_CONTAINER_AUTHORIZATION_TOKEN or
AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE); botocore finds the provider by itself.

Output: {"access_key": ..., "method": ..., "token_present": ...[, "arn": ...]}
With --caller-identity ENDPOINT_URL it also calls STS GetCallerIdentity there and adds "arn".
Exit code 2 when no credentials are found, 1 on any other error (message on stderr).
"""
import argparse
import json
import sys

import botocore.session


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caller-identity", metavar="ENDPOINT_URL")
    parser.add_argument("--region", default="us-east-1")
    args = parser.parse_args()

    session = botocore.session.get_session()
    credentials = session.get_credentials()
    if credentials is None:
        print("no credentials found", file=sys.stderr)
        return 2
    frozen = credentials.get_frozen_credentials()
    result = {
        "access_key": frozen.access_key,
        "method": credentials.method,
        "token_present": bool(frozen.token),
    }
    if args.caller_identity:
        sts = session.create_client("sts", region_name=args.region, endpoint_url=args.caller_identity)
        result["arn"] = sts.get_caller_identity()["Arn"]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # noqa: BLE001 - report anything to the Java caller
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
