throw new Error("cbor-extract stub: native CBOR string extraction is not installed (cbor-x falls back to JavaScript)");
