# SPDX-License-Identifier: GPL-2.0-or-later
# ss COUNT: back at the prompt after exactly COUNT hits of a live workload.
need_cmd bp ss

session_start
session_cmd 'bp __sys_connect port=+2(%si):u16' 'ss 2'
session_wait_probe bp1
workload -n 2 connect 127.0.0.1 4444
session_cmd 'echo after-ss'
workload -n 1 connect 127.0.0.1 4444
session_end
expect_rc 0
expect_count 2 ' bp1 +__sys_connect: +port=23569$'
expect_out '^after-ss$'
expect_clean
