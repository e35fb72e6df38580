// A browser wallet for the tests: window.ethereum (EIP-1193) in the page, with the key kept in
// Node (an ethers Wallet on a Hardhat dev key). Handles what the dashboard asks a wallet for.
import { getBytes, TypedDataEncoder } from "ethers";

export async function installWallet(page, wallet, chainId) {
  await page.exposeFunction("__testWalletRequest", async (method, params) => {
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [wallet.address];
      case "eth_chainId":
        return `0x${chainId.toString(16)}`;
      case "personal_sign": {
        const [message, address] = params;
        if (address.toLowerCase() !== wallet.address.toLowerCase()) throw new Error(`personal_sign for ${address}, not this wallet`);
        return wallet.signMessage(message.startsWith("0x") ? getBytes(message) : message);
      }
      case "eth_signTypedData_v4": {
        const [address, json] = params;
        if (address.toLowerCase() !== wallet.address.toLowerCase()) throw new Error(`eth_signTypedData_v4 for ${address}, not this wallet`);
        const { domain, types, message, primaryType } = JSON.parse(json);
        const { EIP712Domain: _, ...rest } = types;
        // ethers infers the primary type; make sure it is the one the page asked for.
        if (TypedDataEncoder.getPrimaryType(rest) !== primaryType) throw new Error(`primary type ${primaryType} is not the root type`);
        return wallet.signTypedData(domain, rest, message);
      }
      default:
        throw new Error(`test wallet: ${method} is not supported`);
    }
  });
  await page.addInitScript(() => {
    window.ethereum = {
      isTestWallet: true,
      request: ({ method, params }) => window.__testWalletRequest(method, params ?? []),
      on: () => {},
    };
  });
}
