// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// The devnet's payment token: a plain ERC-20 ("TestToken", TST, 18 decimals) with a public mint,
/// reverting with OpenZeppelin 5's custom errors and their arguments, as Codex's TestToken does.
contract TestToken {
  error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
  error ERC20InvalidSender(address sender);
  error ERC20InvalidReceiver(address receiver);
  error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
  error ERC20InvalidApprover(address approver);
  error ERC20InvalidSpender(address spender);

  event Transfer(address indexed from, address indexed to, uint256 value);
  event Approval(address indexed owner, address indexed spender, uint256 value);

  uint256 public totalSupply;
  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;

  function name() external pure returns (string memory) {
    return "TestToken";
  }

  function symbol() external pure returns (string memory) {
    return "TST";
  }

  function decimals() external pure returns (uint8) {
    return 18;
  }

  /// Anyone may mint: this token is for test chains only.
  function mint(address holder, uint256 amount) public {
    if (holder == address(0)) revert ERC20InvalidReceiver(address(0));
    totalSupply += amount;
    balanceOf[holder] += amount;
    emit Transfer(address(0), holder, amount);
  }

  function approve(address spender, uint256 value) external returns (bool) {
    if (msg.sender == address(0)) revert ERC20InvalidApprover(address(0));
    if (spender == address(0)) revert ERC20InvalidSpender(address(0));
    allowance[msg.sender][spender] = value;
    emit Approval(msg.sender, spender, value);
    return true;
  }

  function transfer(address to, uint256 value) external returns (bool) {
    _move(msg.sender, to, value);
    return true;
  }

  function transferFrom(address from, address to, uint256 value) external returns (bool) {
    uint256 allowed = allowance[from][msg.sender];
    // The maximum allowance is unlimited and never decreases, as in OpenZeppelin.
    if (allowed != type(uint256).max) {
      if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
      allowance[from][msg.sender] = allowed - value;
    }
    _move(from, to, value);
    return true;
  }

  function _move(address from, address to, uint256 value) private {
    if (from == address(0)) revert ERC20InvalidSender(address(0));
    if (to == address(0)) revert ERC20InvalidReceiver(address(0));
    uint256 held = balanceOf[from];
    if (held < value) revert ERC20InsufficientBalance(from, held, value);
    balanceOf[from] = held - value;
    balanceOf[to] += value;
    emit Transfer(from, to, value);
  }
}
