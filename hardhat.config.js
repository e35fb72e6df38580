// Hardhat 3 configuration. Offline by design: solc comes from the npm package `solc`
// (wasm), not from a download, so the contracts compile on a machine without internet.
import { createRequire } from "node:module";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";

const require = createRequire(import.meta.url);

export default {
  plugins: [hardhatEthers, hardhatMocha, hardhatChaiMatchers, hardhatNetworkHelpers],
  solidity: {
    compilers: [
      {
        version: "0.8.30",
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" },
      },
    ],
  },
  paths: {
    sources: "contracts",
    tests: { mocha: "tests/contracts" },
  },
  networks: {
    // A node started by scripts/ (scripts/lib.sh start_chain) listens here.
    localhost: { type: "http", chainType: "l1", url: process.env.TRUSTLEDGER_RPC_URL ?? "http://127.0.0.1:8545" },
  },
};
