# SPDX-License-Identifier: GPL-2.0-or-later
#
# parse-console.awk - read the real-kernel VM's serial console as it arrives
# and print one line per scenario (with the scenario's log when it failed).
# Markers are searched anywhere in a line: kernel messages can land on the
# same line as the guest's output.  Variables (awk -v):
#   status=FILE   written at the end: "done passed failed skipped", then the
#                 names of the scenarios that reported, one per line
#   files=DIR     where @@KPDB-FILE blocks (base64) are written as NAME.b64
#   verbose=1     echo every console line too
#   logs=1        show the logs of every scenario, not only of failed ones
#
# Markers (scripts/vm/run-scenarios):
#   @@KPDB-BOOTED KVER UPTIME   @@KPDB-SCENARIO NAME   @@| LOG LINE
#   @@KPDB-RESULT NAME PASS|FAIL|SKIP SECONDS [REASON...]
#   @@KPDB-FILE NAME ... @@KPDB-FILE-END   @@KPDB-DONE   @@KPDB-INIT MESSAGE

BEGIN {
	done = 0; passed = 0; failed = 0; skipped = 0; ndetail = 0; nseen = 0; file = ""
}

{
	sub(/\r+$/, "")
	if (verbose)
		print "console: " $0
	line = $0
	i = index(line, "@@")
	if (!i)
		next
	line = substr(line, i)
}

file != "" {
	if (line ~ /^@@KPDB-FILE-END/) {
		close(file)
		file = ""
	} else if (line ~ /^@@B /) {
		print substr(line, 5) > file
	}
	next
}

line ~ /^@@\| / {
	detail[++ndetail] = substr(line, 4)
	next
}

line ~ /^@@KPDB-BOOTED / {
	split(line, f, " ")
	printf "booted %s in %s\n", f[2], f[3]
	fflush()
	next
}

line ~ /^@@KPDB-INIT / {
	printf "guest: %s\n", substr(line, 13)
	fflush()
	next
}

line ~ /^@@KPDB-SCENARIO / {
	ndetail = 0
	next
}

line ~ /^@@KPDB-RESULT / {
	n = split(line, f, " ")
	name = f[2]; res = f[3]; secs = f[4]
	reason = ""
	for (k = 5; k <= n; k++)
		reason = reason (k > 5 ? " " : "") f[k]
	if (res == "PASS")
		passed++
	else if (res == "SKIP")
		skipped++
	else
		failed++
	seen[++nseen] = name
	printf "%-4s  %-36s %6ss", res, name, secs
	if (reason != "")
		printf "  %s", reason
	printf "\n"
	if (logs || (res != "PASS" && res != "SKIP"))
		for (k = 1; k <= ndetail; k++)
			printf "      | %s\n", detail[k]
	ndetail = 0
	fflush()
	next
}

line ~ /^@@KPDB-FILE / {
	split(line, f, " ")
	file = files "/" f[2] ".b64"
	printf "" > file
	next
}

line ~ /^@@KPDB-DONE/ {
	done = 1
	next
}

END {
	if (status != "") {
		print done, passed, failed, skipped > status
		for (k = 1; k <= nseen; k++)
			print seen[k] > status
		close(status)
	}
}
